import type { SkillFigures } from './skills.js';
import type { SearchQuality, TaskEconomy } from './economy.js';
import type { PartResults } from './parts.js';
import type { PeerFigures } from './peer.js';
import type { Summary } from './stats.js';
import type {
  BridgeFigures,
  BundleFigures,
  CodegenFigures,
  FloorFigures,
  ListingFigures,
  RunbyteSpeed,
  Skipped,
} from './speed.js';

export interface Machine {
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  node: string;
  platform: string;
}

export interface ColdStart {
  servers: number;
  transport: 'stdio' | 'http';
  processToReady: Summary;
  createToReady: Summary;
  importMs: Summary;
  createResolved: Summary;
  notReady: string[];
  connectedRss: Summary;
  generatedRss: Summary;
}

export interface MemoryFigures {
  baselineRss: number;
  idleRss: number;
  concurrentPeakRss: number;
  executions: number;
  series: { executions: number[]; rss: number[]; heapUsed: number[] };
  rssSlopeBytesPerExecution: number;
  heapSlopeBytesPerExecution: number;
}

export interface BenchResults {
  date: string;
  machine: Machine;
  tokenizer: string;
  durationS: number;
  /** 1-minute load average of the machine, which other work shares. */
  loadAverage: { start: number; end: number };
  economy: TaskEconomy[] | Skipped;
  /** hit@1 / hit@3 of the shared intents set, per scale. */
  search: SearchQuality[] | Skipped;
  /** The replay servers' tools/list equals the recorded catalogue (name, description, inputSchema). */
  replayMatchesCatalogue: boolean | undefined;
  floor: FloorFigures | Skipped;
  runbyte: RunbyteSpeed | Skipped;
  coldStart: ColdStart[] | Skipped;
  codegen: CodegenFigures | Skipped;
  listing: ListingFigures[] | Skipped;
  bundle: BundleFigures | Skipped;
  bridge: BridgeFigures | Skipped;
  skills?: SkillFigures | Skipped;
  memory: MemoryFigures | Skipped;
  peer: PeerFigures;
  /** Set when the memory figures come from a separate run of the memory child (why, and when). */
  memoryRerun?: { date: string; reason: string };
  /** Results of the parts in parts.ts, by part id. */
  parts: PartResults;
}
