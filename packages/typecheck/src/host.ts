// The compiler's view of the world: every file is in memory (the agent's, the generated declarations,
// the builtins, the globals) except TypeScript's own lib files, read once from the vendored copy.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as TS from 'typescript';
import ts, { LIB_DIR } from './typescript.js';

/** The sandbox is QuickJS: ES2022 and no DOM, no Node. Lenient where strict mode is opinion, not bugs. */
export const COMPILER_OPTIONS: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2022.d.ts'],
  types: [],
  noEmit: true,
  strict: false,
  noImplicitAny: false,
  strictNullChecks: false,
  useUnknownInCatchVariables: false,
  allowImportingTsExtensions: true,
  allowUnreachableCode: true,
  allowUnusedLabels: true,
  skipLibCheck: true,
  noResolve: false,
};

interface Entry {
  text: string;
  version: number;
  snapshot: TS.IScriptSnapshot;
}

/** In-memory files with versions that change only when their text does, so unchanged files are reused. */
export class MemoryHost implements TS.LanguageServiceHost {
  private readonly files = new Map<string, Entry>();
  private readonly libs = new Map<string, TS.IScriptSnapshot | undefined>();
  /** importer → specifier → resolved path, filled before each check (resolution is synchronous here). */
  resolutions = new Map<string, Map<string, string>>();
  roots: string[] = [];
  /** Files whose imports resolve differently than at the last check. */
  invalidated = new Set<string>();

  /** How many times a file was added or its text changed: what the next check has to parse again. */
  updates = 0;

  set(path: string, text: string): void {
    const entry = this.files.get(path);
    if (entry?.text === text) return;
    this.updates++;
    this.files.set(path, { text, version: (entry?.version ?? 0) + 1, snapshot: ts.ScriptSnapshot.fromString(text) });
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.text;
  }

  getCompilationSettings = (): TS.CompilerOptions => {
    return COMPILER_OPTIONS;
  };
  getScriptFileNames = (): string[] => {
    return this.roots;
  };
  getScriptVersion = (fileName: string): string => {
    return String(this.files.get(fileName)?.version ?? 0);
  };
  getScriptSnapshot = (fileName: string): TS.IScriptSnapshot | undefined => {
    const entry = this.files.get(fileName);
    if (entry) return entry.snapshot;
    if (!fileName.startsWith(LIB_DIR)) return undefined;
    if (!this.libs.has(fileName)) {
      let snapshot: TS.IScriptSnapshot | undefined;
      try {
        snapshot = ts.ScriptSnapshot.fromString(readFileSync(fileName, 'utf8'));
      } catch {
        snapshot = undefined;
      }
      this.libs.set(fileName, snapshot);
    }
    return this.libs.get(fileName);
  };
  getCurrentDirectory = (): string => {
    return '/';
  };
  getDefaultLibFileName = (): string => {
    return join(LIB_DIR, 'lib.es2022.d.ts');
  };
  fileExists = (fileName: string): boolean => {
    return this.files.has(fileName) || this.getScriptSnapshot(fileName) !== undefined;
  };
  readFile = (fileName: string): string | undefined => {
    const snapshot = this.getScriptSnapshot(fileName);
    return snapshot?.getText(0, snapshot.getLength());
  };
  directoryExists = (): boolean => {
    return false;
  };
  getDirectories = (): string[] => {
    return [];
  };
  hasInvalidatedResolutions = (fileName: string): boolean => {
    return this.invalidated.has(fileName);
  };
  resolveModuleNameLiterals = (
    literals: readonly TS.StringLiteralLike[],
    containingFile: string,
  ): readonly TS.ResolvedModuleWithFailedLookupLocations[] => {
    const own = this.resolutions.get(containingFile);
    return literals.map((literal) => {
      const resolved = own?.get(literal.text);
      return {
        resolvedModule: resolved
          ? { resolvedFileName: resolved, extension: ts.Extension.Ts, isExternalLibraryImport: false }
          : undefined,
      };
    });
  };
}
