export type VfsErrorCode = 'ENOENT' | 'EESCAPE' | 'EQUOTA' | 'EISDIR' | 'ENOTDIR' | 'EINVAL' | 'EIO';

export interface VfsErrorDetails {
  /** The quota that was hit, in bytes or files (EQUOTA only). */
  limit?: number;
  /** Current usage of that quota before the refused operation, in the same unit (EQUOTA only). */
  usage?: number;
}

/**
 * Error of @runbyte/vfs. `path` is always a virtual path (`/servers/...`, `/workspace/...`) or the
 * path exactly as given, never a host path; the message starts with the code and says what to do.
 */
export class VfsError extends Error {
  readonly code: VfsErrorCode;
  readonly path: string;
  declare readonly limit?: number;
  declare readonly usage?: number;

  constructor(code: VfsErrorCode, path: string, message: string, details: VfsErrorDetails = {}) {
    super(`${code}: ${message}`);
    this.name = 'VfsError';
    this.code = code;
    this.path = path;
    if (details.limit !== undefined) this.limit = details.limit;
    if (details.usage !== undefined) this.usage = details.usage;
  }
}
