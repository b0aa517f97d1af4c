/** A static import or re-export of another module. */
export interface ImportRef {
  specifier: string;
  /** String index of the specifier literal in the source. */
  index: number;
  /** `import type` / `export type ... from`: erased by the compiler, never loaded. */
  typeOnly: boolean;
}

/** A name bound by an import: `imported` is the export name, `*` for a namespace import. */
export interface ImportBinding {
  local: string;
  imported: string;
  specifier: string;
  index: number;
  typeOnly: boolean;
}

/** What an export name refers to. */
export interface ExportEntry {
  /** Types and interfaces do not exist at run time. */
  typeOnly: boolean;
  /** `export * as name from 'spec'`: the namespace of that module. */
  namespaceOf?: string;
}

/** The export names a module declares, plus the modules whose exports it re-exports with `export *`. */
export interface ModuleExports {
  names: Map<string, ExportEntry>;
  stars: string[];
}

/** `root.a.b` as written in the code, each property with its index for diagnostics. */
export interface MemberChain {
  root: string;
  props: Array<{ name: string; index: number }>;
}

/** How the module declares `exec`. */
export interface ExecInfo {
  /** Local binding name (usually `exec`). */
  local: string;
  /** Already exported under the name `exec`. */
  exported: boolean;
  kind: 'function' | 'variable' | 'other';
  /** For `const exec = <init>`: string indices of the initialiser. */
  init?: { start: number; end: number };
  /** Whether the code mentions the binding besides declaring it (so it may call it itself). */
  referenced: boolean;
  /** String index of the first such mention. */
  firstReference?: number;
}

export interface Analysis {
  imports: ImportRef[];
  bindings: ImportBinding[];
  exports: ModuleExports;
  dynamicImports: number[];
  /** `require('x')` calls (there is no require in the sandbox). */
  requires: Array<{ specifier: string; index: number }>;
  chains: MemberChain[];
  /** How often each name appears other than as the root of a `a.b.c` chain (imports not counted). */
  bareNames: Map<string, number>;
  /** Names the code binds itself anywhere (variables, parameters, functions, classes), imports excluded. */
  locals: Set<string>;
  exec?: ExecInfo;
}
