import { createHub } from '@runbyte/hub';
import { createVfs, createWorkspace, workspaceModuleSource, WORKSPACE_MODULE } from '@runbyte/vfs';
import { createBundler } from '@runbyte/bundler';
import { createSandbox } from '@runbyte/sandbox';
import { createExecutor } from './execute.js';
import { createMcpServer } from './mcp-server.js';
import { RunbyteError } from './errors.js';
import { silentLogger } from './logger.js';
/** Starts the hub and wires hub → vfs → bundler → sandbox. Resolves once every downstream server has
 * connected or failed its first attempt (a failing server is reported, never fatal). */
export async function createRunbyte(config, options = {}) {
    const logger = options.logger ?? silentLogger;
    const settings = config.server ?? {};
    const limits = {};
    if (settings.timeout !== undefined)
        limits.timeoutMs = positive(settings.timeout, 'server.timeout');
    if (settings.memoryLimitMb !== undefined) {
        limits.memoryBytes = positive(settings.memoryLimitMb, 'server.memoryLimitMb') * 1024 * 1024;
    }
    const sandbox = await createSandbox({ limits });
    const hub = createHub(config.mcpServers ?? {}, { logger });
    const workspace = createWorkspace(settings.workspaceDir ? { dir: settings.workspaceDir } : {});
    const vfs = createVfs({ catalog: hub, workspace });
    const bundler = createBundler({ modules: vfs.modules, builtins: { [WORKSPACE_MODULE]: workspaceModuleSource() } });
    // A changed tool set (or a server going up or down) regenerates that server's files on next access.
    const unsubscribe = [
        hub.on('toolsChanged', (server) => {
            logger.info('downstream tools changed', { server });
            vfs.invalidate(server);
        }),
        hub.on('statusChanged', (state) => vfs.invalidate(state.name)),
    ];
    const running = new Set();
    const servers = new Set();
    let closed = false;
    const execute = createExecutor({
        hub,
        bundler,
        sandbox,
        workspace,
        limits,
        progressIntervalMs: options.progressIntervalMs ?? 1000,
        logger,
    });
    await hub.start();
    const runbyte = {
        config,
        hub,
        vfs,
        logger,
        listDirectory: (path = '/', listOptions) => vfs.list(path, listOptions),
        readFile: (path) => vfs.read(path),
        async executeCode(code, executeOptions = {}) {
            if (closed)
                throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new executions are accepted.');
            const controller = new AbortController();
            running.add(controller);
            const signal = executeOptions.signal ? AbortSignal.any([executeOptions.signal, controller.signal]) : controller.signal;
            try {
                return await execute(code, { ...executeOptions, signal });
            }
            finally {
                running.delete(controller);
            }
        },
        createMcpServer() {
            if (closed)
                throw new RunbyteError('CLOSED', 'Runbyte is shutting down; no new sessions are accepted.');
            const server = createMcpServer(runbyte);
            servers.add(server);
            const onclose = server.server.onclose;
            server.server.onclose = () => {
                servers.delete(server);
                onclose?.();
            };
            return server;
        },
        async close() {
            if (closed)
                return;
            closed = true;
            for (const controller of running)
                controller.abort(new RunbyteError('CLOSED', 'Runbyte is shutting down.'));
            for (const off of unsubscribe)
                off();
            await Promise.allSettled([...servers].map((server) => server.close()));
            await Promise.allSettled([hub.close(), bundler.dispose()]);
        },
    };
    return runbyte;
}
function positive(value, name) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        throw new RunbyteError('INVALID_OPTIONS', `${name} must be a positive number, got ${JSON.stringify(value)}.`, { option: name, value });
    }
    return value;
}
