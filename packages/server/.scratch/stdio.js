import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
/** Serves one client over stdin/stdout. Only JSON-RPC is written to stdout. */
export async function serveStdio(runbyte, io = {}) {
    const stdin = io.stdin ?? process.stdin;
    const stdout = io.stdout ?? process.stdout;
    const server = runbyte.createMcpServer();
    const transport = new StdioServerTransport(stdin, stdout);
    let resolveClosed;
    const closed = new Promise((resolve) => (resolveClosed = resolve));
    transport.onclose = resolveClosed;
    // The SDK's stdio transport does not watch for end of input; a client that exits closes stdin, and
    // closing the server then aborts whatever that client still had running.
    const onEnd = () => void server.close().catch(() => { });
    stdin.once('end', onEnd);
    stdin.once('close', onEnd);
    await server.connect(transport);
    return {
        closed,
        async close() {
            stdin.off('end', onEnd);
            stdin.off('close', onEnd);
            await server.close();
            await closed;
        },
    };
}
