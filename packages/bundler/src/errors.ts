/** What went wrong while turning agent code into a module graph. */
export type BundleErrorCode =
  'SYNTAX' | 'UNRESOLVED_IMPORT' | 'DYNAMIC_IMPORT' | 'MISSING_EXPORT' | 'NO_EXEC' | 'STANDALONE_FAILED' | 'DISPOSED';

/** One message about the code, located in the user's terms (module name, 1-based line and column). */
export interface Diagnostic {
  message: string;
  /** Module name: the agent file (`agent.ts`), a generated file (`/servers/github/index.ts`) or a builtin. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** A few lines of the source around the location with a caret under the column. */
  frame?: string;
}

/**
 * Error of @runbyte/bundler. `diagnostics` holds every problem of this kind found in the code, each
 * with its location and code frame (empty only for `DISPOSED`); `message` is their readable summary.
 */
export class BundleError extends Error {
  readonly code: BundleErrorCode;
  readonly diagnostics: Diagnostic[];

  constructor(code: BundleErrorCode, diagnostics: Diagnostic[], message?: string) {
    super(message ?? formatDiagnostics(diagnostics));
    this.name = 'BundleError';
    this.code = code;
    this.diagnostics = diagnostics;
  }
}

/** `file:line:column: message` followed by the frame, for each diagnostic. */
export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  return diagnostics
    .map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}${d.frame ? `\n${d.frame}` : ''}`)
    .join('\n\n');
}
