// Import mistakes explained in Runbyte's terms: the bundler knows no layout, the vfs says what exists
// under /servers and the server adds where to look. Through the whole pipeline with a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunbyte, type Runbyte } from '../src/index.js';
import { labServer } from './helpers.js';

let runbyte: Runbyte;
beforeAll(async () => {
  runbyte = await createRunbyte({ mcpServers: { lab: labServer() }, server: { workers: 0 } });
  await runbyte.ready;
});
afterAll(() => runbyte?.close());

async function failure(code: string): Promise<string> {
  const outcome = await runbyte.executeCode(code);
  if (outcome.ok) throw new Error('expected the execution to fail');
  expect(outcome.phase).toBe('bundling');
  return outcome.message;
}

describe('import errors', () => {
  it('suggests the configured server for a misspelt one, and lists what can be imported', async () => {
    const message = await failure(
      `import * as lab from './servers/labb';\nexport async function exec() { return lab; }\n`,
    );
    expect(message).toContain('there is no server "labb". Did you mean "./servers/lab"?');
    expect(message).toContain(
      'You can import: "./servers/lab", "./servers" (all servers as namespaces), "@runbyte/fs"',
    );
  });

  it('names the tools of a server when the module is misspelt', async () => {
    const message = await failure(
      `import { fail } from './servers/lab/fial';\nexport async function exec() { return fail; }\n`,
    );
    expect(message).toMatch(/server "lab" has no module "fial"\. Did you mean "\.\/servers\/lab\/fail"\?/);
  });

  it('points Node.js imports at @runbyte/fs', async () => {
    const message = await failure(`import * as fs from 'fs';\nexport async function exec() { return fs; }\n`);
    expect(message).toContain('To read and write files in /workspace, import * as fs from "@runbyte/fs".');
  });

  it('says where to find something to call when exec() is missing, naming no made-up server', async () => {
    const message = await failure(`export const x = 1;\n`);
    expect(message).toContain('No exec() function found');
    expect(message).toContain('list_directory with a query finds a function');
    expect(message).not.toMatch(/github/);
  });
});
