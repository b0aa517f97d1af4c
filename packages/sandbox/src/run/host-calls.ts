// Host function calls of one run: each call is a guest promise (context.newPromise()) settled when the
// host function settles, so calls run concurrently. Only JSON crosses, in both directions, as one string
// each way: the guest stringifies the arguments and parses the reply itself.
import { messageOf } from '@runbyte/utils';
import type { QuickJSAsyncContext, QuickJSDeferredPromise, QuickJSHandle, Scope } from 'quickjs-emscripten-core';
import type { HostCallContext, HostFunction, JsonValue, Logger } from '../types.js';
import type { RunState } from './state.js';

/**
 * Passes a call on as JSON text and resolves to the reply's JSON text (worker mode: the parent thread
 * parses, calls the real function and stringifies, so the worker converts nothing). Rejecting with a
 * `NotJsonError` says the function returned a value that is not JSON.
 */
export type HostRelay = (name: string, argsJson: string, context: HostCallContext) => Promise<string | undefined>;

export class NotJsonError extends Error {}

export class HostCalls {
  private readonly pending = new Set<QuickJSDeferredPromise>();
  private readonly context: HostCallContext;

  constructor(
    private readonly ctx: QuickJSAsyncContext,
    private readonly scope: Scope,
    private readonly state: RunState,
    private readonly functions: Record<string, HostFunction>,
    private readonly maxPending: number,
    private readonly logger: Logger | undefined,
    private readonly relay?: HostRelay,
  ) {
    // One context for every call of the run: its signal is the run's end.
    this.context = { signal: state.end.signal, pauseTimeout: () => state.pauseTimeout() };
  }

  get size(): number {
    return this.pending.size;
  }

  /** The raw native `hostCall(name, argsJson)` handed to the prelude. */
  native(): QuickJSHandle {
    const { ctx } = this;
    return ctx.newFunction('hostCall', (nameHandle, jsonHandle) => {
      if (this.pending.size >= this.maxPending) {
        this.state.condemn(
          'limit',
          `More than ${this.maxPending} host function calls were pending at once; await calls in smaller batches.`,
        );
        return { error: ctx.newError('Too many pending host calls') };
      }
      const name = ctx.getString(nameHandle);
      const json = ctx.getString(jsonHandle);
      // Managed so a call still pending when the run ends is freed with everything else.
      const deferred = this.scope.manage(ctx.newPromise());
      this.pending.add(deferred);
      // A host function starts after this native returns: one that calls back into QuickJS (another
      // run) must not do so from inside a QuickJS callback. The relay only posts a message.
      const reply = this.relay
        ? this.relay(name, json, this.context)
        : Promise.resolve().then(() => this.call(name, json));
      reply.then(
        (text) => this.settle(deferred, true, text),
        (error: unknown) => this.settle(deferred, false, error),
      );
      return deferred.handle;
    });
  }

  private async call(name: string, json: string): Promise<string | undefined> {
    const fn = this.functions[name]!;
    const value = await fn(JSON.parse(json) as JsonValue[], this.context);
    try {
      return value === undefined ? undefined : JSON.stringify(value);
    } catch (error) {
      throw new NotJsonError(messageOf(error));
    }
  }

  private settle(deferred: QuickJSDeferredPromise, ok: boolean, outcome: unknown): void {
    if (this.state.ended || !this.pending.delete(deferred)) return;
    const { ctx } = this;
    try {
      if (ok) {
        if (typeof outcome === 'string') ctx.newString(outcome).consume((handle) => deferred.resolve(handle));
        else deferred.resolve(ctx.undefined);
      } else if (outcome instanceof NotJsonError) {
        const message = `The host function returned a value that is not JSON: ${outcome.message}`;
        ctx.newError({ name: 'TypeError', message }).consume((e) => deferred.reject(e));
      } else {
        ctx.newError({ name: 'Error', message: messageOf(outcome) }).consume((e) => deferred.reject(e));
      }
    } catch (failure) {
      this.logger?.debug('sandbox: settling a host call failed', { error: messageOf(failure) });
    } finally {
      deferred.dispose();
      this.state.notify();
    }
  }
}
