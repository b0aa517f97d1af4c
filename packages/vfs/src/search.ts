// Search over every function in /servers: BM25F over tool names (camelCase/snake_case split), titles,
// descriptions, argument names and the server name, with prefix matches and a small table of
// paraphrases (a "ticket" is an issue, "coordinates" are a geocode) so intents find tools, not only names.
import { closestMatches } from '@runbyte/utils';
import { SYNONYMS } from './search-synonyms.js';
import { signature } from './signature.js';

export interface SearchDoc {
  server: string;
  namespace: string;
  identifier: string;
  toolName: string;
  title: string | undefined;
  description: string | undefined;
  inputSchema: unknown;
  /** The result schema the server declared. */
  outputSchema: unknown;
  /** The result schema learned from calls, shown when none is declared. */
  learnedOutput: unknown;
  summary: string;
  /** Undefined when the server is ready; else e.g. "unavailable: spawn ENOENT". */
  availability: string | undefined;
}

export interface SearchHit {
  doc: SearchDoc;
  score: number;
  /** Other servers with the identical signature and summary, folded into this hit. */
  alsoOn: SearchDoc[];
}

type Field = 'name' | 'title' | 'server' | 'description' | 'args';
const BOOST: Record<Field, number> = { name: 3, title: 2, server: 1.5, description: 1, args: 0.6 };
const K1 = 1.2;
const B = 0.75;
/** Hits after the best one are shown while they score at least this share of it. */
const CLOSE = 0.8;
const MAX_HITS = 3;

const STOP = new Set(
  'a an the of to in on for from with by and or is are be it its my me i this that these those into as at all some any using use via please how can do does what which who new'.split(
    ' ',
  ),
);

/** Light stemming: enough that "issues", "listing", "created" meet "issue", "list", "create". */
function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && /(sh|ch|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  return w.length > 3 && w.endsWith('e') ? w.slice(0, -1) : w;
}

export function tokenize(text: string | undefined): string[] {
  if (!text) return [];
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !STOP.has(w))
    .map(stem);
}

function argNames(schema: unknown): string {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties).join(' ') : '';
}

interface Indexed {
  doc: SearchDoc;
  /** Computed on the first search that scores this document. */
  foldKey?: string;
  fields: Record<Field, Map<string, number>>;
  lengths: Record<Field, number>;
}

const FIELDS = Object.keys(BOOST) as Field[];

export class SearchIndex {
  private readonly docs: Indexed[];
  private readonly df = new Map<string, number>();
  private readonly avg: Record<Field, number>;
  private readonly vocabulary: string[];

  constructor(docs: readonly SearchDoc[]) {
    this.docs = docs.map((doc) => {
      const texts: Record<Field, string> = {
        name: doc.toolName,
        title: doc.title ?? '',
        server: doc.server,
        description: doc.description ?? '',
        args: argNames(doc.inputSchema),
      };
      const fields = {} as Indexed['fields'];
      const lengths = {} as Indexed['lengths'];
      const seen = new Set<string>();
      for (const field of FIELDS) {
        const terms = tokenize(texts[field]);
        const counts = new Map<string, number>();
        for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
        fields[field] = counts;
        lengths[field] = terms.length;
        for (const t of counts.keys()) seen.add(t);
      }
      for (const t of seen) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      return { doc, fields, lengths };
    });
    const n = Math.max(1, this.docs.length);
    this.avg = Object.fromEntries(
      FIELDS.map((f) => [f, Math.max(1, this.docs.reduce((s, d) => s + d.lengths[f], 0) / n)]),
    ) as Record<Field, number>;
    this.vocabulary = [...this.df.keys()];
  }

  get size(): number {
    return this.docs.length;
  }

  /** Query terms with weights: the words, their paraphrases (0.6) and vocabulary words they prefix (0.5). */
  private expand(query: string): Map<string, number> {
    const weights = new Map<string, number>();
    const add = (term: string, weight: number) => weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    const words = query
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const pair = i + 1 < words.length ? `${words[i]} ${words[i + 1]}` : undefined;
      for (const phrase of pair && SYNONYMS[pair] ? [pair, words[i]!] : [words[i]!]) {
        for (const alt of SYNONYMS[phrase] ?? []) for (const t of tokenize(alt)) add(t, 0.6);
      }
    }
    for (const term of tokenize(query)) {
      add(term, 1);
      if (term.length >= 3 && !this.df.has(term)) {
        for (const v of this.vocabulary) if (v.startsWith(term) && v !== term) add(v, 0.5);
      }
    }
    return weights;
  }

  /** Every function matching one need, best first; identical ones (same declared signature and
   * summary, e.g. one server configured under several names) fold into the best-scoring copy. */
  private ranked(query: string): SearchHit[] {
    const terms = this.expand(query);
    const n = this.docs.length;
    const scored: Array<{ d: Indexed; score: number }> = [];
    for (const d of this.docs) {
      let score = 0;
      for (const [term, weight] of terms) {
        const df = this.df.get(term);
        if (!df) continue;
        let tf = 0;
        for (const f of FIELDS) {
          const count = d.fields[f].get(term);
          if (count) tf += (BOOST[f] * count) / (1 - B + (B * d.lengths[f]) / this.avg[f]);
        }
        if (tf === 0) continue;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += weight * idf * ((tf * (K1 + 1)) / (tf + K1));
      }
      if (score > 0) scored.push({ d, score });
    }
    scored.sort((a, b) => b.score - a.score || a.d.doc.server.localeCompare(b.d.doc.server));
    const groups = new Map<string, SearchHit>();
    const hits: SearchHit[] = [];
    for (const { d, score } of scored) {
      d.foldKey ??= foldKey(d.doc);
      const same = groups.get(d.foldKey);
      if (same) same.alsoOn.push(d.doc);
      else {
        const hit: SearchHit = { doc: d.doc, score, alsoOn: [] };
        groups.set(d.foldKey, hit);
        hits.push(hit);
      }
    }
    return hits;
  }

  /** Hits for one need, best first: the best and up to two more scoring close to it. */
  search(query: string): SearchHit[] {
    const ranked = this.ranked(query);
    const best = ranked[0]?.score ?? 0;
    return ranked
      .slice(0, MAX_HITS)
      .filter((h) => h.score >= best * CLOSE)
      .map(preferReady);
  }

  /** Tool names closest to the query, for a search without hits. */
  closest(query: string): string[] {
    const names = this.docs.map((d) => `${d.doc.namespace}.${d.doc.identifier}`);
    return closestMatches(query.replace(/\s+/g, ''), names, 3);
  }
}

/** The signature a hit shows: the declared result type, else the one learned from calls. */
export function signatureOf(doc: SearchDoc): string {
  return signature(doc.namespace, doc.identifier, doc.inputSchema, doc.outputSchema ?? doc.learnedOutput);
}

/** What makes two functions the same: the definition the servers sent. A result type learned from calls
 * on one copy does not make it another function. */
function foldKey(doc: SearchDoc): string {
  return `${doc.identifier}\u0000${signature('', '', doc.inputSchema, doc.outputSchema)}\u0000${doc.summary}`;
}

/** A folded hit is shown on a ready server when one of its copies is ready. */
function preferReady(hit: SearchHit): SearchHit {
  if (!hit.doc.availability) return hit;
  const ready = hit.alsoOn.find((d) => !d.availability);
  if (!ready) return hit;
  return { ...hit, doc: ready, alsoOn: [hit.doc, ...hit.alsoOn.filter((d) => d !== ready)] };
}

/** The needs of a query: `;` separates them. */
export function needsOf(query: string): string[] {
  return query
    .split(';')
    .map((q) => q.trim())
    .filter(Boolean);
}
