import { messageOf } from './errors.js';
const KIND_TO_PHASE = {
    runtime: 'runtime',
    timeout: 'timeout',
    aborted: 'aborted',
    memory: 'limit',
    stack: 'limit',
    limit: 'limit',
    result: 'limit',
};
/** Bundles agent code against the current virtual filesystem and runs its exec() in the sandbox. */
export function createExecutor(parts) {
    return async function executeCode(code, options = {}) {
        const started = performance.now();
        const elapsed = () => Math.round(performance.now() - started);
        const toolCalls = [];
        const signal = options.signal;
        if (signal?.aborted) {
            return { ok: false, phase: 'aborted', message: 'The execution was cancelled before it started.', logs: [], durationMs: 0, toolCalls };
        }
        // The bundle is a snapshot of the generated files at this moment, so an execution keeps the tool
        // set it started with even if a downstream server changes its tools while it runs. Generated
        // functions carry the original tool names, so routing never depends on the current listing.
        let bundle;
        try {
            bundle = await parts.bundler.bundle(code);
        }
        catch (error) {
            return { ...bundlingFailure(error), logs: [], durationMs: elapsed(), toolCalls };
        }
        const hostFunctions = {
            __runbyte_callTool: async (args, ctx) => {
                const [server, tool, toolArgs] = args;
                if (typeof server !== 'string' || typeof tool !== 'string') {
                    throw new Error('callTool(server, tool, args) needs a server name and a tool name as strings.');
                }
                if (toolArgs !== undefined && toolArgs !== null && (typeof toolArgs !== 'object' || Array.isArray(toolArgs))) {
                    throw new Error(`The arguments of ${server}.${tool} must be one object, got ${Array.isArray(toolArgs) ? 'an array' : typeof toolArgs}.`);
                }
                const callStarted = performance.now();
                const record = { server, tool, durationMs: 0, ok: false };
                toolCalls.push(record);
                try {
                    const result = await parts.hub.callTool(server, tool, (toolArgs ?? undefined), {
                        signal: anySignal(ctx.signal, signal),
                    });
                    record.ok = result.isError !== true;
                    return result;
                }
                finally {
                    record.durationMs = Math.round(performance.now() - callStarted);
                }
            },
            __runbyte_fs: async (args) => {
                const [op, ...rest] = args;
                if (typeof op !== 'string')
                    throw new Error('The @runbyte/fs bridge needs an operation name.');
                return (await parts.workspace.handleHostCall(op, rest));
            },
        };
        const timer = options.onProgress
            ? setInterval(() => {
                try {
                    options.onProgress?.({ elapsedMs: elapsed(), toolCalls: toolCalls.length });
                }
                catch (error) {
                    parts.logger.debug('progress listener failed', { error: messageOf(error) });
                }
            }, parts.progressIntervalMs)
            : undefined;
        let run;
        try {
            run = await parts.sandbox.run(bundle, { hostFunctions, limits: parts.limits, ...(signal ? { signal } : {}) });
        }
        catch (error) {
            // The sandbox reports guest failures in its result; a throw here is a failure of the host side.
            parts.logger.error('sandbox failed to run an execution', { error: messageOf(error) });
            return { ok: false, phase: 'runtime', message: messageOf(error), logs: [], durationMs: elapsed(), toolCalls };
        }
        finally {
            if (timer)
                clearInterval(timer);
        }
        if (run.ok) {
            const outcome = { ok: true, result: run.value ?? null, logs: run.logs, durationMs: run.durationMs, toolCalls };
            if (run.truncated)
                outcome.note = run.truncated;
            return outcome;
        }
        const { error } = run;
        const outcome = {
            ok: false,
            phase: KIND_TO_PHASE[error.kind] ?? 'runtime',
            message: error.message,
            logs: run.logs,
            durationMs: run.durationMs,
            toolCalls,
        };
        if (error.location)
            outcome.location = error.location;
        if (error.frame)
            outcome.frame = error.frame;
        return outcome;
    };
}
function bundlingFailure(error) {
    const diagnostics = error.diagnostics;
    const first = Array.isArray(diagnostics) ? diagnostics[0] : undefined;
    const failure = {
        ok: false,
        phase: 'bundling',
        message: first?.message ?? messageOf(error),
    };
    if (first)
        failure.location = { file: first.file, line: first.line, column: first.column };
    if (first?.frame)
        failure.frame = first.frame;
    return failure;
}
function anySignal(...signals) {
    const present = signals.filter((s) => s !== undefined);
    if (present.length <= 1)
        return present[0];
    return AbortSignal.any(present);
}
