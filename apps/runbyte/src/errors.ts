/** Why the CLI refused to start or a command failed, with what the user has to fix. */
export type CliErrorCode =
  | 'UNKNOWN_FLAG'
  | 'BAD_FLAG_VALUE'
  | 'UNKNOWN_COMMAND'
  | 'MISSING_ARGUMENT'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_UNREADABLE'
  | 'CONFIG_SYNTAX'
  | 'CONFIG_INVALID'
  | 'CONFIG_MISSING_VARIABLE'
  | 'FILE_UNREADABLE'
  | 'LISTEN_FAILED'
  | 'UNKNOWN_SERVER'
  | 'NOT_OAUTH';

export interface CliErrorData {
  /** The config file the error is in. */
  file?: string;
  /** Where in the config, as a JSON path (`mcpServers.github.args[1]`). */
  path?: string;
  line?: number;
  column?: number;
  flag?: string;
  variable?: string;
  /** Every unset variable, when there are several. */
  variables?: string[];
  valid?: string[];
}

const USAGE_CODES: ReadonlySet<CliErrorCode> = new Set([
  'UNKNOWN_FLAG',
  'BAD_FLAG_VALUE',
  'UNKNOWN_COMMAND',
  'MISSING_ARGUMENT',
]);

export class RunbyteCliError extends Error {
  override readonly name = 'RunbyteCliError';
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly data: CliErrorData = {},
  ) {
    super(message);
  }

  /** 2 for a wrong command line (the convention of most CLIs), 1 for everything else. */
  get exitCode(): number {
    return USAGE_CODES.has(this.code) ? 2 : 1;
  }
}
