import type { Bundle } from '../../src/index.js';

export interface HostCall {
  server: string;
  tool: string;
  args: unknown;
}

let runCounter = 0;

/**
 * Runs a Bundle the way the sandbox does (ES modules linked through `links`, then the entry's
 * `exportName` called once), but in Node: each module becomes a data: URL module whose import
 * specifiers are rewritten to its dependencies' URLs.
 */
export async function runBundle(
  bundle: Bundle,
  host: (call: HostCall) => unknown = (call) => ({ structuredContent: { echoed: call } }),
): Promise<{ value: unknown; calls: HostCall[]; logs: unknown[][] }> {
  const calls: HostCall[] = [];
  const logs: unknown[][] = [];
  const g = globalThis as Record<string, unknown>;
  g['__runbyte_callTool'] = async (server: string, tool: string, args: unknown) => {
    calls.push({ server, tool, args });
    return host({ server, tool, args });
  };
  g['__runbyte_fs'] = async (op: string, ...args: unknown[]) => {
    calls.push({ server: '@runbyte/fs', tool: op, args });
    return op === 'readFile' ? `contents of ${String(args[0])}` : undefined;
  };
  g['__test_log'] = (...args: unknown[]) => logs.push(args);
  const run = ++runCounter;
  const urls = new Map<string, string>();
  const urlOf = (name: string, stack: string[] = []): string => {
    const done = urls.get(name);
    if (done) return done;
    if (stack.includes(name)) throw new Error(`import cycle through ${name}`);
    const mod = bundle.modules[name];
    if (!mod) throw new Error(`module ${name} is not in the bundle`);
    let code = mod.code;
    for (const [specifier, target] of Object.entries(bundle.links[name] ?? {})) {
      const url = urlOf(target, [...stack, name]);
      for (const q of ["'", '"']) code = code.split(`from ${q}${specifier}${q}`).join(`from ${q}${url}${q}`);
    }
    // A fresh entry module per run, so module state never carries over between tests.
    if (name === bundle.entry) code += `\n// run ${run}`;
    const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
    urls.set(name, url);
    return url;
  };
  const ns = (await import(urlOf(bundle.entry))) as Record<string, unknown>;
  const fn = ns[bundle.exportName];
  if (typeof fn !== 'function') throw new Error(`export ${bundle.exportName} is not a function`);
  const value = await (fn as () => unknown)();
  return { value, calls, logs };
}
