export type CodegenErrorCode = 'INVALID_TOOLS' | 'INVALID_SERVER_NAME';

/** Error of @runbyte/codegen. `code` says what went wrong; `server` says where. */
export class CodegenError extends Error {
  readonly code: CodegenErrorCode;
  readonly server: string;

  constructor(code: CodegenErrorCode, server: string, message: string) {
    super(message);
    this.name = 'CodegenError';
    this.code = code;
    this.server = server;
  }
}
