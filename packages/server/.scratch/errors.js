export class RunbyteError extends Error {
    code;
    data;
    name = 'RunbyteError';
    constructor(code, message, data = {}) {
        super(message);
        this.code = code;
        this.data = data;
    }
}
const PHASE_LABELS = {
    bundling: 'Bundling failed',
    runtime: 'Runtime error',
    timeout: 'Timed out',
    limit: 'Limit exceeded',
    aborted: 'Aborted',
};
/** One readable paragraph: "Runtime error at agent.ts:3:11: message" followed by the code frame. */
export function describeFailure(failure) {
    const where = failure.location
        ? ` at ${failure.location.file}:${failure.location.line}:${failure.location.column}`
        : '';
    const head = `${PHASE_LABELS[failure.phase]} (${failure.phase})${where}: ${failure.message}`;
    return failure.frame ? `${head}\n${failure.frame.replace(/\s+$/, '')}` : head;
}
/** The message of anything thrown, without a stack. */
export function messageOf(error) {
    return error instanceof Error ? error.message : String(error);
}
