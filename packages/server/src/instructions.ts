// Sent to every client on every session and often kept in the model's context for the whole
// conversation: every word costs every user on every request, so keep this short and exact. Search hits
// name their import path only when it is not `./servers/<namespace>`, as in the example import.
export const INSTRUCTIONS = `MCP tools as TypeScript functions. Find: list_directory {query: "create issue; post message"}, read_file.
Run: execute_code; only exec()'s return and console output come back; filter there:
import * as memory from './servers/memory';
export async function exec() { return (await memory.readGraph()).entities.length; }
Calls return structuredContent, else text (JSON parsed); errors throw. '@runbyte/fs' persists /workspace.`;
