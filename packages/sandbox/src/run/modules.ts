// Links the run's modules with QuickJS's own loader: a module is found through the importer's links,
// else by its name; anything else is refused with a message that says what can be imported.
import type { QuickJSAsyncRuntime } from 'quickjs-emscripten-core';
import { PRELUDE_FILE } from '../globals/prelude.js';
import type { NormalizedInput } from './input.js';

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

export function installModuleLoader(runtime: QuickJSAsyncRuntime, input: NormalizedInput): void {
  // A normalizer error loses its message in quickjs-emscripten, so the normalizer returns a sentinel
  // name and the loader reports the error for it.
  const unresolved = new Map<string, string>();
  runtime.setModuleLoader(
    (name) => {
      const message = unresolved.get(name);
      if (message) return { error: new Error(message) };
      const source = input.modules[name];
      return source ? source.code : { error: new Error(`No module named "${name}" in this sandbox.`) };
    },
    (base, requested) => {
      const linked = input.links[base]?.[requested];
      if (linked !== undefined && has(input.modules, linked)) return linked;
      if (has(input.modules, requested)) return requested;
      const from = base === PRELUDE_FILE ? '' : ` (imported from "${base}")`;
      const sentinel = `<unresolved import ${unresolved.size}>`;
      unresolved.set(
        sentinel,
        `Cannot import "${requested}"${from}: only the modules given to this execution can be imported, ` +
          `there is no file system, network or Node.js module here. Known modules: ${Object.keys(input.modules).slice(0, 20).join(', ')}.`,
      );
      return sentinel;
    },
  );
}
