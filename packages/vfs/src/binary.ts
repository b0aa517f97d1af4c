// What read_file shows for a workspace file: its text, or for bytes that are not text, what they are.
import { formatBytes } from '@runbyte/utils';
import type { Workspace } from './workspace.js';

const SIGNATURES: ReadonlyArray<[type: string, magic: number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip archive', [0x1f, 0x8b]],
  ['WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
];

/** Not text when it holds a NUL byte or is not valid UTF-8. */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/** A short name for the kind of bytes, from their first bytes. */
export function binaryType(bytes: Uint8Array): string {
  for (const [type, magic] of SIGNATURES) {
    if (magic.every((byte, i) => bytes[i] === byte)) return type;
  }
  if (bytes[0] === 0x52 && bytes[1] === 0x49 && bytes[8] === 0x57 && bytes[9] === 0x45) return 'WebP image';
  return 'binary data';
}

/** The file as text, or a one-line description when it is binary, so bytes never flood the context. */
export async function readForDisplay(workspace: Workspace, path: string): Promise<string> {
  const bytes = await workspace.readBytes(path);
  if (!isBinary(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  return `${path} is a binary file (${binaryType(bytes)}, ${formatBytes(bytes.length)}, ${bytes.length} bytes); its bytes are not shown. Read it from code with readBytes(${JSON.stringify(path)}) from "@runbyte/fs".`;
}
