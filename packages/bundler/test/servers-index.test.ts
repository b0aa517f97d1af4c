// Importing `./servers` must not evaluate the modules of servers the code does not use: a server's
// module is code, and one the agent never asked for should neither run nor cost load time.
import { beforeAll, describe, expect, it } from 'vitest';
import { createBundler, type Bundler } from '../src/index.js';
import { generateTree, memorySource } from './support/tree.js';
import { runBundle } from './support/run.js';

let tree: Map<string, string>;
let runs = 0;

beforeAll(async () => {
  tree = await generateTree(['github', 'slack']);
});

/**
 * A top-level side effect in the unused server's modules shows whether they were evaluated. Node keeps
 * a module of the same text once, so each run gets modules of its own.
 */
function bundlerWithSideEffects(): Bundler {
  const run = ++runs;
  const files = new Map(tree);
  for (const [path, source] of files)
    if (path.startsWith('/servers/slack/'))
      files.set(path, `(globalThis as any).__test_log('evaluated', ${JSON.stringify(path)}, ${run});\n${source}`);
  return createBundler({ modules: memorySource(files) });
}

const CALL = `github.getIssue({ owner: 'o', repo: 'r', issue_number: 1 })`;

async function evaluated(code: string): Promise<unknown[][]> {
  const { logs } = await runBundle(await bundlerWithSideEffects().bundle(code));
  return logs.filter((entry) => entry[0] === 'evaluated');
}

describe('/servers/index.ts', () => {
  it('does not evaluate the modules of a server the code does not use', async () => {
    const namespace = `import * as servers from './servers';\nexport async function exec() { return servers.${CALL}; }\n`;
    expect(await evaluated(namespace)).toEqual([]);
    const named = `import { github } from './servers';\nexport async function exec() { return ${CALL}; }\n`;
    expect(await evaluated(named)).toEqual([]);
    const bundle = await bundlerWithSideEffects().bundle(named);
    expect(Object.keys(bundle.modules).some((name) => name.startsWith('/servers/slack/'))).toBe(false);
  });

  it('keeps every server when the code uses the index as a whole', async () => {
    const whole = `import * as servers from './servers';\nexport async function exec() { return Object.keys(servers); }\n`;
    expect((await evaluated(whole)).length).toBeGreaterThan(0);
    const { value } = await runBundle(await bundlerWithSideEffects().bundle(whole));
    expect(value).toEqual(['github', 'slack']);
  });
});
