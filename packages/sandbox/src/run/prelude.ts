// Installs the guest side of a run: the raw natives (console, host calls, timers, polyfill sources)
// are handed to the prelude, which wraps them as globals and returns the helpers the host calls.
import { Scope, type QuickJSAsyncContext, type QuickJSHandle } from 'quickjs-emscripten-core';
import { CONVERT_SOURCE } from '../globals/convert.js';
import { POLYFILLS } from '../globals/polyfills.js';
import { PRELUDE_FILE, PRELUDE_SOURCE } from '../globals/prelude.js';
import type { LogEntry } from '../types.js';
import type { HostCalls } from './host-calls.js';
import type { LogBuffer } from './logs.js';
import type { RunState } from './state.js';
import type { Timers } from './timers.js';

export interface Helpers {
  importEntry: QuickJSHandle;
  serializeResult: QuickJSHandle;
  describeError: QuickJSHandle;
  /** Entries the guest dropped itself once told the buffer was full (a data property: runs no guest code). */
  droppedLogs: () => number;
}

export function installPrelude(
  ctx: QuickJSAsyncContext,
  scope: Scope,
  parts: { logs: LogBuffer; hostCalls: HostCalls; timers: Timers; state: RunState; hostNames: string[] },
): Helpers {
  const helpers = Scope.withScope((local) => {
    const rawLog = local.manage(
      ctx.newFunction('log', (levelHandle, messageHandle) => {
        const level = ctx.getString(levelHandle) as LogEntry['level'];
        const message = ctx.typeof(messageHandle) === 'string' ? ctx.getString(messageHandle) : undefined;
        return parts.logs.add(level, message) ? ctx.true : ctx.false;
      }),
    );
    const rawPolyfill = local.manage(
      ctx.newFunction('polyfill', (groupHandle) => {
        const group = POLYFILLS[ctx.getString(groupHandle)];
        return group ? ctx.newString(group.source) : ctx.undefined;
      }),
    );
    // Compiles trusted guest code on first need (the full JSON converter), with interrupts held off as
    // for the prelude, and returns what it evaluates to called with the guest's captured intrinsics.
    const rawCompile = local.manage(
      ctx.newFunction('compile', (_name, tools) => {
        parts.state.trusted++;
        try {
          const factory = ctx.evalCode(CONVERT_SOURCE, PRELUDE_FILE, { type: 'global', strict: true });
          if (factory.error) return factory;
          return factory.value.consume((fn) => ctx.callFunction(fn, ctx.undefined, tools));
        } finally {
          parts.state.trusted--;
        }
      }),
    );
    const rawHostCall = local.manage(parts.hostCalls.native());
    const { set, clear } = parts.timers.natives();
    local.manage(set);
    local.manage(clear);
    const hostNames = local.manage(ctx.newArray());
    parts.hostNames.forEach((name, i) => ctx.newString(name).consume((s) => ctx.setProp(hostNames, i, s)));
    const preludeFn = local.manage(
      ctx.unwrapResult(ctx.evalCode(PRELUDE_SOURCE, PRELUDE_FILE, { type: 'global', strict: true })),
    );
    const result = ctx.callFunction(
      preludeFn,
      ctx.undefined,
      rawLog,
      rawHostCall,
      set,
      clear,
      rawPolyfill,
      rawCompile,
      hostNames,
    );
    return scope.manage(ctx.unwrapResult(result));
  });
  const helper = (name: string) => scope.manage(ctx.getProp(helpers, name));
  return {
    importEntry: helper('importEntry'),
    serializeResult: helper('serializeResult'),
    describeError: helper('describeError'),
    droppedLogs: () => ctx.getProp(helpers, 'droppedLogs').consume((count) => ctx.getNumber(count)),
  };
}
