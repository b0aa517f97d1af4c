// Host function calls of one run: each call is a guest promise (context.newPromise()) settled when the
// host function settles, so calls run concurrently. Only JSON crosses, in both directions.
import { messageOf } from '@runbyte/utils';
import type { QuickJSAsyncContext, QuickJSDeferredPromise, QuickJSHandle, Scope } from 'quickjs-emscripten-core';
import type { HostFunction, JsonValue, Logger } from '../types.js';
import type { RunState } from './state.js';

export class HostCalls {
  private readonly pending = new Set<QuickJSDeferredPromise>();

  constructor(
    private readonly ctx: QuickJSAsyncContext,
    private readonly scope: Scope,
    private readonly state: RunState,
    private readonly functions: Record<string, HostFunction>,
    private readonly maxPending: number,
    private readonly logger: Logger | undefined,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  /** The raw native `hostCall(name, argsJson)` handed to the prelude. */
  native(): QuickJSHandle {
    const { ctx } = this;
    return ctx.newFunction('hostCall', (nameHandle, jsonHandle) => {
      const name = ctx.getString(nameHandle);
      const json = ctx.getString(jsonHandle);
      if (this.pending.size >= this.maxPending) {
        this.state.condemn(
          'limit',
          `More than ${this.maxPending} host function calls were pending at once; await calls in smaller batches.`,
        );
        return { error: ctx.newError('Too many pending host calls') };
      }
      const fn = this.functions[name]!;
      // Managed so a call still pending when the run ends is freed with everything else.
      const deferred = this.scope.manage(ctx.newPromise());
      this.pending.add(deferred);
      const args = JSON.parse(json) as JsonValue[];
      Promise.resolve()
        .then(() => fn(args, { signal: this.state.end.signal, pauseTimeout: () => this.state.pauseTimeout() }))
        .then(
          (value) => this.settle(deferred, true, value),
          (error: unknown) => this.settle(deferred, false, error),
        );
      return deferred.handle;
    });
  }

  private settle(deferred: QuickJSDeferredPromise, ok: boolean, value: unknown): void {
    if (this.state.ended || !this.pending.delete(deferred)) return;
    const { ctx } = this;
    try {
      if (!ok) {
        ctx.newError({ name: 'Error', message: messageOf(value) }).consume((e) => deferred.reject(e));
        return;
      }
      let text: string | undefined;
      try {
        text = value === undefined ? undefined : JSON.stringify(value);
      } catch (error) {
        const message = `The host function returned a value that is not JSON: ${messageOf(error)}`;
        ctx.newError({ name: 'TypeError', message }).consume((e) => deferred.reject(e));
        return;
      }
      if (text === undefined) deferred.resolve(ctx.undefined);
      else ctx.newString(text).consume((handle) => deferred.resolve(handle));
    } catch (error) {
      this.logger?.debug('sandbox: settling a host call failed', { error: messageOf(error) });
    } finally {
      deferred.dispose();
      this.state.notify();
    }
  }
}
