/** Error of @runbyte/codegen. `code` says what went wrong; the other fields say where. */
export class CodegenError extends Error {
  readonly code: 'INVALID_TOOLS';
  readonly server: string;

  constructor(code: 'INVALID_TOOLS', server: string, message: string) {
    super(message);
    this.name = 'CodegenError';
    this.code = code;
    this.server = server;
  }
}
