// Source of the `@runbyte/fs` module that sandboxed code imports; the host side is workspaceHostHandler.

/** The import specifier of the workspace module inside the sandbox. */
export const WORKSPACE_MODULE = '@runbyte/fs';

/** The host function the workspace module calls; the server registers it with the sandbox. */
export const WORKSPACE_HOST_FUNCTION = '__runbyte_fs';

const SOURCE = `// @runbyte/fs: files in /workspace, kept across executions and restarts.
// Paths may be written "notes.txt", "/workspace/notes.txt", "workspace/notes.txt" or "./workspace/notes.txt".
// Text is UTF-8; readBytes/writeBytes take any bytes. Writes are atomic. Limits: size per file, number of files and total size (an error names
// the limit and the current usage). Errors are thrown with messages starting with a code: ENOENT (no such
// file; the message names what exists), EISDIR, ENOTDIR, EESCAPE (outside /workspace), EQUOTA, EINVAL.
// Skills: saveSkill keeps working code as a module, skills/<name>.ts, that later code imports as
// import { fn } from "./skills/<name>" (and that list_directory("/skills") and search show).

declare const ${WORKSPACE_HOST_FUNCTION}: (op: string, ...args: unknown[]) => Promise<unknown>;

/** Reads a text file. Rejects with ENOENT when it does not exist. */
export async function readFile(path: string): Promise<string> {
  return (await ${WORKSPACE_HOST_FUNCTION}("readFile", path)) as string;
}

/** Reads a file's bytes (images, archives, anything not UTF-8 text). Rejects with ENOENT when it does not exist. */
export async function readBytes(path: string): Promise<Uint8Array> {
  return fromBase64((await ${WORKSPACE_HOST_FUNCTION}("readBytes", path)) as string);
}

/** Creates or replaces a file with these bytes, creating its folders. */
export async function writeBytes(path: string, data: Uint8Array): Promise<void> {
  if (!(data instanceof Uint8Array)) throw new TypeError("EINVAL: writeBytes(path, data) needs data to be a Uint8Array.");
  await ${WORKSPACE_HOST_FUNCTION}("writeBytes", path, toBase64(data));
}

/** Creates or replaces a text file, creating its folders. */
export async function writeFile(path: string, content: string): Promise<void> {
  await ${WORKSPACE_HOST_FUNCTION}("writeFile", path, content);
}

/** Appends text to a file, creating it when it does not exist. */
export async function appendFile(path: string, content: string): Promise<void> {
  await ${WORKSPACE_HOST_FUNCTION}("appendFile", path, content);
}

/**
 * Every file under a folder of the workspace (default: all of it), recursively, sorted, as paths
 * relative to /workspace (e.g. "reports/2024.json") that readFile accepts as they are.
 */
export async function listFiles(dir?: string): Promise<string[]> {
  return (await (dir === undefined ? ${WORKSPACE_HOST_FUNCTION}("listFiles") : ${WORKSPACE_HOST_FUNCTION}("listFiles", dir))) as string[];
}

/** Deletes a file. Resolves to true when it existed, false when there was nothing to delete. */
export async function deleteFile(path: string): Promise<boolean> {
  return (await ${WORKSPACE_HOST_FUNCTION}("deleteFile", path)) as boolean;
}

/** Whether a file or folder exists. */
export async function exists(path: string): Promise<boolean> {
  return (await ${WORKSPACE_HOST_FUNCTION}("exists", path)) as boolean;
}

/** Reads a file and parses it as JSON. Rejects with EINVAL when it is not valid JSON. */
export async function readJSON<T = unknown>(path: string): Promise<T> {
  return (await ${WORKSPACE_HOST_FUNCTION}("readJSON", path)) as T;
}

/** Writes a value as indented JSON (JSON.stringify(value, null, 2)). */
export async function writeJSON(path: string, value: unknown): Promise<void> {
  await ${WORKSPACE_HOST_FUNCTION}("writeJSON", path, value);
}

/** A saved skill: its one-line description and the names it exports. */
export interface SkillInfo {
  name: string;
  description: string;
  exports: string[];
  size: number;
}

/** What saveSkill did. */
export interface SavedSkill {
  /** "/workspace/skills/<name>.ts" */
  path: string;
  /** False when the skill already had exactly this source. */
  changed: boolean;
  /** Where the replaced version was kept, e.g. "/workspace/skills/.history/triage/1.ts". */
  previous?: string;
}

/**
 * Saves reusable code as the skill skills/<name>.ts, importable by later code as
 * import { fn } from "./skills/<name>". The source is a module that exports functions (no exec()); it may
 * import "./servers/<server>", "@runbyte/fs" and other skills ("./other" or "./skills/other").
 * It is bundled first: a broken skill is refused (EINVAL, with the bundling error) and nothing is written.
 * Saving different source over a skill keeps the old one as skills/.history/<name>/<n>.ts.
 * name: a letter, then letters, digits, "-" or "_" (e.g. "triage"). description: one line, shown in listings and search.
 */
export async function saveSkill(name: string, source: string, options?: { description?: string }): Promise<SavedSkill> {
  return (await __runbyte_fs("saveSkill", name, source, options ?? null)) as SavedSkill;
}

/** Every saved skill with its description and exports. */
export async function listSkills(): Promise<SkillInfo[]> {
  return (await __runbyte_fs("listSkills")) as SkillInfo[];
}

// The bridge carries JSON only, so bytes travel as one base64 string.
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Uint8Array(128);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const n = bytes.length;
  let chunk = "";
  for (let i = 0; i < n; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < n ? bytes[i + 1]! : 0;
    const c = i + 2 < n ? bytes[i + 2]! : 0;
    chunk +=
      B64[a >> 2]! +
      B64[((a & 3) << 4) | (b >> 4)]! +
      (i + 1 < n ? B64[((b & 15) << 2) | (c >> 6)]! : "=") +
      (i + 2 < n ? B64[c & 63]! : "=");
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

function fromBase64(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61) end--;
  const out = new Uint8Array(Math.floor((end * 3) / 4));
  let o = 0;
  for (let i = 0; i < end; i += 4) {
    const a = B64_INDEX[text.charCodeAt(i)]!;
    const b = B64_INDEX[text.charCodeAt(i + 1)]!;
    const c = i + 2 < end ? B64_INDEX[text.charCodeAt(i + 2)]! : 0;
    const d = i + 3 < end ? B64_INDEX[text.charCodeAt(i + 3)]! : 0;
    out[o++] = (a << 2) | (b >> 4);
    if (i + 2 < end) out[o++] = ((b & 15) << 4) | (c >> 2);
    if (i + 3 < end) out[o++] = ((c & 3) << 6) | d;
  }
  return out;
}
`;

/**
 * TypeScript source of `@runbyte/fs`: typed async wrappers over the host function
 * `__runbyte_fs(op, ...args)`. Type-checks on its own under `tsc --strict`.
 */
export function workspaceModuleSource(): string {
  return SOURCE;
}
