import type * as TS from 'typescript';
import ts from './typescript.js';
import { codeFrame } from '@runbyte/utils';
import { blocks } from './filter.js';
import { MemoryHost } from './host.js';
import { builtinPath, candidates } from './resolve.js';

export interface TypeCheckerOptions {
  /**
   * Reads a module by its absolute virtual path (`/servers/github/index.ts`); undefined when there is no
   * such file. Read again on every check, so regenerated files are seen; unchanged text costs nothing.
   */
  read(path: string): string | undefined | Promise<string | undefined>;
  /** Declarations of the globals the code runs with (a script: no imports or exports). */
  globals?: string;
  /** Modules imported by a bare name, e.g. `{ '@runbyte/fs': source }`. */
  builtins?: Record<string, string>;
  /** Most diagnostics reported (default 3): enough to fix in one go, few enough to read. */
  maxDiagnostics?: number;
  /**
   * Folders whose modules also import `./x` from the root, as the bundler's option of the same name
   * (e.g. `['/skills']`: a skill imports `./servers/github` like agent code does).
   */
  rootRelativeDirs?: string[];
}

export interface TypeDiagnostic {
  /** The file name the code was checked under, e.g. `agent.ts`. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** TypeScript's error code, e.g. 2345. */
  code: number;
  /** The message, its chain of reasons flattened into indented lines. */
  message: string;
  frame?: string;
}

export interface TypeCheckerStats {
  checks: number;
  /** Files added or changed since the checker was created (the agent's file counts on each new text). */
  fileUpdates: number;
}

export type TypeCheckResult = { ok: true } | { ok: false; diagnostics: TypeDiagnostic[] };

export interface TypeChecker {
  /** Checks one agent file; reports only errors that show the program is wrong (see the README). */
  check(code: string, filename?: string): Promise<TypeCheckResult>;
  /** Counters that show the checker is incremental: files are parsed again only when their text changed. */
  stats(): TypeCheckerStats;
  dispose(): void;
}

const GLOBALS_PATH = '/__runbyte/globals.d.ts';

/**
 * A long-lived checker: one language service over in-memory files, so a second check re-parses only
 * what changed (usually just the agent's file) and reuses everything else, lib files included.
 */
export function createTypeChecker(options: TypeCheckerOptions): TypeChecker {
  const host = new MemoryHost();
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  // Bare specifier → virtual path.
  const builtins = new Map<string, string>();
  for (const [name, text] of Object.entries(options.builtins ?? {})) {
    builtins.set(name, builtinPath(name));
    host.set(builtinPath(name), text);
  }
  host.set(GLOBALS_PATH, options.globals ?? '');
  const rootRelativeDirs = (options.rootRelativeDirs ?? []).map((dir) => dir.replace(/\/+$/, ''));
  // As the bundler: in a root-relative folder, `./x` is tried beside the importer, then from the root.
  const candidatesOf = (specifier: string, importer: string): string[] => {
    const own = candidates(specifier, importer);
    const inFolder = rootRelativeDirs.includes(importer.slice(0, importer.lastIndexOf('/')));
    return inFolder && specifier.startsWith('./') ? [...own, ...candidates(specifier, '/agent.ts')] : own;
  };
  let userPath = '';
  // Everything in memory but the agent's own file; lib files live on disk.
  const provided = (fileName: string): boolean => fileName !== userPath && host.has(fileName);
  const max = options.maxDiagnostics ?? 3;
  // One check at a time: files and resolutions are shared state between the async reads and the check.
  let queue: Promise<unknown> = Promise.resolve();
  let checks = 0;

  async function load(userPath: string, code: string): Promise<void> {
    const reads = new Map<string, Promise<string | undefined>>();
    const read = (path: string): Promise<string | undefined> => {
      let pending = reads.get(path);
      if (!pending) {
        pending = Promise.resolve()
          .then(() => options.read(path))
          .then(
            (text) => (typeof text === 'string' ? text : undefined),
            () => undefined,
          );
        reads.set(path, pending);
      }
      return pending;
    };
    const resolutions = new Map<string, Map<string, string>>();
    const texts = new Map<string, string>([[userPath, code]]);
    let frontier = [userPath];
    while (frontier.length > 0) {
      const next: string[] = [];
      await Promise.all(
        frontier.map(async (file) => {
          const own = new Map<string, string>();
          resolutions.set(file, own);
          const imports = ts.preProcessFile(texts.get(file)!, true, false).importedFiles;
          for (const { fileName: specifier } of imports) {
            if (own.has(specifier)) continue;
            const builtin = builtins.get(specifier);
            if (builtin) {
              own.set(specifier, builtin);
              continue;
            }
            for (const candidate of candidatesOf(specifier, file)) {
              const text = await read(candidate);
              if (text === undefined) continue;
              own.set(specifier, candidate);
              if (!texts.has(candidate)) {
                texts.set(candidate, text);
                next.push(candidate);
              }
              break;
            }
          }
        }),
      );
      frontier = next;
    }
    host.invalidated.clear();
    for (const [file, own] of resolutions) {
      const old = host.resolutions.get(file);
      if (!old || old.size !== own.size || [...own].some(([k, v]) => old.get(k) !== v)) host.invalidated.add(file);
      host.resolutions.set(file, own);
    }
    for (const [path, text] of texts) host.set(path, text);
    host.roots = [GLOBALS_PATH, userPath];
  }

  function diagnose(userPath: string, display: string, code: string): TypeCheckResult {
    const syntactic = service.getSyntacticDiagnostics(userPath);
    let found: readonly TS.Diagnostic[] = syntactic;
    if (syntactic.length === 0) {
      const program = service.getProgram();
      const file = program?.getSourceFile(userPath);
      if (!program || !file) return { ok: true };
      found = service.getSemanticDiagnostics(userPath).filter((d) => blocks(d, { program, file, provided }));
    }
    if (found.length === 0) return { ok: true };
    const diagnostics: TypeDiagnostic[] = [];
    const lines = new Set<number>();
    for (const d of [...found].sort((a, b) => (a.start ?? 0) - (b.start ?? 0))) {
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const line = (pos?.line ?? 0) + 1;
      // One error per line: the second on a line is usually the same mistake seen again.
      if (lines.has(line)) continue;
      lines.add(line);
      const column = (pos?.character ?? 0) + 1;
      const diagnostic: TypeDiagnostic = { file: display, line, column, code: d.code, message: messageText(d) };
      const frame = codeFrame(code, line, column);
      if (frame) diagnostic.frame = frame;
      diagnostics.push(diagnostic);
      if (diagnostics.length >= max) break;
    }
    return { ok: false, diagnostics };
  }

  return {
    check(code, filename = 'agent.ts') {
      // A module of a root-relative folder (a skill) is checked where it lives, so its imports resolve.
      const inFolder = rootRelativeDirs.some((dir) => filename.startsWith(`${dir}/`));
      const display = inFolder ? filename : filename.replace(/^.*[\\/]/, '') || 'agent.ts';
      const base = inFolder ? filename.slice(1) : display;
      const path = `/${/\.[cm]?tsx?$/.test(base) ? base : `${base}.ts`}`;
      const run = queue.then(async () => {
        userPath = path;
        checks++;
        await load(path, code);
        return diagnose(path, display, code);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    stats: () => ({ checks, fileUpdates: host.updates }),
    dispose() {
      service.dispose();
    },
  };
}

/** TypeScript's message chain as indented lines, with generated paths as the agent imports them. */
function messageText(diagnostic: TS.Diagnostic): string {
  return ts
    .flattenDiagnosticMessageText(diagnostic.messageText, '\n')
    .replace(/import\("\/(servers\/[^"]*?)(?:\/index)?(?:\.ts)?"\)/g, 'import("./$1")')
    .replace(/"\/__runbyte\/builtins\/([^"]*?)\.ts"/g, '"$1"');
}
