// Sent to every client on every session and often kept in the model's context for the whole
// conversation: every word costs every user on every request, so keep this short and exact.
export const INSTRUCTIONS = `MCP tools as TypeScript functions.
Find: list_directory {query: "create issue; post message"} gives signatures and imports; read_file /servers/<server>/index.ts has a server's.
Run: execute_code; only exec()'s JSON return and console output come back, so filter in code:
import * as memory from './servers/memory';
export async function exec() { return (await memory.readGraph()).entities.length; }
Calls resolve to structuredContent, else text (parsed if JSON), else content; errors throw. /workspace persists via '@runbyte/fs'.`;
