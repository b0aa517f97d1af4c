// The `__runbyte_fs(op, ...args)` bridge from sandboxed code over the storage API: arguments arrive as JSON,
// so each one is checked here; answers go back as JSON (null for operations that return nothing).
import { VfsError } from './errors.js';
import { describeType } from './paths.js';
import type { Workspace } from './workspace-types.js';

/**
 * Answers one `@runbyte/fs` call: `op` is the operation's name, `args` its JSON arguments. Rejects with
 * VfsError EINVAL for an unknown operation or arguments of the wrong shape, else with the storage API's error.
 */
export type WorkspaceHostHandler = (op: string, args: unknown[]) => Promise<unknown>;

/** The operations of `@runbyte/fs`, with their parameters (optional ones end in `?`). */
export const FS_OPERATIONS = {
  readFile: ['path'],
  writeFile: ['path', 'content'],
  readBytes: ['path'],
  writeBytes: ['path', 'base64'],
  appendFile: ['path', 'content'],
  listFiles: ['dir?'],
  deleteFile: ['path'],
  exists: ['path'],
  readJSON: ['path'],
  writeJSON: ['path', 'value'],
  saveSkill: ['name', 'source', 'options?'],
  listSkills: [],
} as const;

type Operation = keyof typeof FS_OPERATIONS;

function signature(op: Operation): string {
  return `${op}(${FS_OPERATIONS[op].join(', ')})`;
}

function stringArg(op: Operation, args: readonly unknown[], index: number): string {
  const value = args[index];
  if (typeof value === 'string') return value;
  const name = FS_OPERATIONS[op][index]!.replace('?', '');
  throw new VfsError(
    'EINVAL',
    typeof args[0] === 'string' ? args[0] : '',
    `${signature(op)} needs ${name} to be a string, got ${describeType(value)}.`,
  );
}

/** The host side of `@runbyte/fs` for one workspace; the server wires it to WORKSPACE_HOST_FUNCTION. */
export function workspaceHostHandler(workspace: Workspace): WorkspaceHostHandler {
  return (op, args) => dispatch(workspace, op, args);
}

async function dispatch(workspace: Workspace, op: unknown, args: unknown): Promise<unknown> {
  if (typeof op !== 'string' || !Object.hasOwn(FS_OPERATIONS, op)) {
    const known = Object.keys(FS_OPERATIONS).join(', ');
    throw new VfsError(
      'EINVAL',
      '',
      `Unknown @runbyte/fs operation ${typeof op === 'string' ? JSON.stringify(op) : describeType(op)}; the operations are ${known}.`,
    );
  }
  const operation = op as Operation;
  if (!Array.isArray(args)) {
    throw new VfsError(
      'EINVAL',
      '',
      `The arguments of ${signature(operation)} must be an array, got ${describeType(args)}.`,
    );
  }
  switch (operation) {
    case 'readFile':
      return workspace.readFile(stringArg(operation, args, 0));
    case 'writeFile':
      await workspace.writeFile(stringArg(operation, args, 0), stringArg(operation, args, 1));
      return null;
    // Bytes cross the JSON-only bridge as one base64 string: a third larger, not eight times as a number array.
    case 'readBytes':
      return Buffer.from(await workspace.readBytes(stringArg(operation, args, 0))).toString('base64');
    case 'writeBytes': {
      const path = stringArg(operation, args, 0);
      const text = stringArg(operation, args, 1);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) {
        throw new VfsError(
          'EINVAL',
          path,
          `${signature(operation)} needs base64 text; the @runbyte/fs writeBytes wrapper makes it from a Uint8Array.`,
        );
      }
      await workspace.writeBytes(path, new Uint8Array(Buffer.from(text, 'base64')));
      return null;
    }
    case 'appendFile':
      await workspace.appendFile(stringArg(operation, args, 0), stringArg(operation, args, 1));
      return null;
    case 'listFiles':
      // JSON has no undefined: an omitted folder may arrive as null.
      return workspace.listFiles(args[0] === undefined || args[0] === null ? undefined : stringArg(operation, args, 0));
    case 'deleteFile':
      return workspace.deleteFile(stringArg(operation, args, 0));
    case 'exists':
      return workspace.exists(stringArg(operation, args, 0));
    case 'readJSON':
      return workspace.readJSON(stringArg(operation, args, 0));
    case 'writeJSON': {
      const path = stringArg(operation, args, 0);
      if (args.length < 2 || args[1] === undefined) {
        throw new VfsError('EINVAL', path, `${signature(operation)} needs a value to write.`);
      }
      await workspace.writeJSON(path, args[1]);
      return null;
    }
    case 'saveSkill': {
      const name = stringArg(operation, args, 0);
      const source = stringArg(operation, args, 1);
      const options = args[2];
      if (options !== undefined && options !== null && (typeof options !== 'object' || Array.isArray(options))) {
        throw new VfsError(
          'EINVAL',
          name,
          `${signature(operation)} needs options to be an object like { description: "..." }, got ${describeType(options)}.`,
        );
      }
      const description = (options as { description?: unknown } | null | undefined)?.description;
      if (description !== undefined && description !== null && typeof description !== 'string') {
        throw new VfsError(
          'EINVAL',
          name,
          `${signature(operation)} needs options.description to be a string, got ${describeType(description)}.`,
        );
      }
      return workspace.saveSkill(name, source, typeof description === 'string' ? { description } : {});
    }
    case 'listSkills':
      return workspace.listSkills();
  }
}
