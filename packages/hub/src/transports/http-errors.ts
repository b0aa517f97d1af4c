// The SDK's HTTP error classes, recognised by class. They are registered by the HTTP transport modules
// when those load: a hub with only stdio servers never loads the HTTP clients, and no error of theirs can
// exist before they are loaded.

type ErrorWithCode = Error & { readonly code?: number | undefined };
type ErrorClass = abstract new (...args: never[]) => Error;

const classes = new Map<ErrorClass, (error: ErrorWithCode) => number | undefined>();

/** Lets httpStatus recognise instances of `cls`; `status` reads the HTTP status off one. */
export function registerHttpError(cls: ErrorClass, status: (error: ErrorWithCode) => number | undefined): void {
  classes.set(cls, status);
}

/** The HTTP status of an SDK HTTP error (StreamableHTTPError, SseError, UnauthorizedError), else undefined. */
export function httpStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const [cls, status] of classes) if (error instanceof cls) return status(error as ErrorWithCode);
  return undefined;
}

/** Registers the classes of the SDK's HTTP clients; both transports call it once they are loaded. */
export async function registerSdkHttpErrors(): Promise<void> {
  const [{ StreamableHTTPError }, { SseError }, { UnauthorizedError }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
    import('@modelcontextprotocol/sdk/client/auth.js'),
  ]);
  const code = (error: ErrorWithCode): number | undefined => (typeof error.code === 'number' ? error.code : undefined);
  registerHttpError(StreamableHTTPError, code);
  registerHttpError(SseError, code);
  registerHttpError(UnauthorizedError, () => 401);
}
