// Source of the `@runbyte/fs` module that sandboxed code imports; the host side is Workspace.handleHostCall.

/** The import specifier of the workspace module inside the sandbox. */
export const WORKSPACE_MODULE = '@runbyte/fs';

const SOURCE = `// @runbyte/fs: files in /workspace, kept across executions and restarts.
// Paths may be written "notes.txt", "/workspace/notes.txt", "workspace/notes.txt" or "./workspace/notes.txt".
// Text is UTF-8. Writes are atomic. Limits: size per file, number of files and total size (an error names
// the limit and the current usage). Errors are thrown with messages starting with a code: ENOENT (no such
// file; the message names what exists), EISDIR, ENOTDIR, EESCAPE (outside /workspace), EQUOTA, EINVAL.

declare const __runbyte_fs: (op: string, ...args: unknown[]) => Promise<unknown>;

/** Reads a text file. Rejects with ENOENT when it does not exist. */
export async function readFile(path: string): Promise<string> {
  return (await __runbyte_fs("readFile", path)) as string;
}

/** Creates or replaces a text file, creating its folders. */
export async function writeFile(path: string, content: string): Promise<void> {
  await __runbyte_fs("writeFile", path, content);
}

/** Appends text to a file, creating it when it does not exist. */
export async function appendFile(path: string, content: string): Promise<void> {
  await __runbyte_fs("appendFile", path, content);
}

/**
 * Every file under a folder of the workspace (default: all of it), recursively, sorted, as paths
 * relative to /workspace (e.g. "reports/2024.json") that readFile accepts as they are.
 */
export async function listFiles(dir?: string): Promise<string[]> {
  return (await (dir === undefined ? __runbyte_fs("listFiles") : __runbyte_fs("listFiles", dir))) as string[];
}

/** Deletes a file. Resolves to true when it existed, false when there was nothing to delete. */
export async function deleteFile(path: string): Promise<boolean> {
  return (await __runbyte_fs("deleteFile", path)) as boolean;
}

/** Whether a file or folder exists. */
export async function exists(path: string): Promise<boolean> {
  return (await __runbyte_fs("exists", path)) as boolean;
}

/** Reads a file and parses it as JSON. Rejects with EINVAL when it is not valid JSON. */
export async function readJSON<T = unknown>(path: string): Promise<T> {
  return (await __runbyte_fs("readJSON", path)) as T;
}

/** Writes a value as indented JSON (JSON.stringify(value, null, 2)). */
export async function writeJSON(path: string, value: unknown): Promise<void> {
  await __runbyte_fs("writeJSON", path, value);
}
`;

/**
 * TypeScript source of `@runbyte/fs`: typed async wrappers over the host function
 * `__runbyte_fs(op, ...args)`. Type-checks on its own under `tsc --strict`.
 */
export function workspaceModuleSource(): string {
  return SOURCE;
}
