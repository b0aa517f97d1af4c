// The export's settled value → the result: converted to JSON inside the guest by the prelude (with
// intrinsics captured before user code), parsed here, then shrunk to the result budget.
import type { QuickJSAsyncContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { shrinkToBudget } from '../shrink.js';
import type { JsonValue, RunResult } from '../types.js';
import type { EventLoop } from './event-loop.js';
import { RunFailure } from './state.js';

export type Converted = Pick<Extract<RunResult, { ok: true }>, 'value' | 'truncated' | 'fullJson' | 'dropped'>;

interface Serialized {
  ok: boolean;
  json?: string;
  message?: string;
  lossy?: string[];
  lossyCount?: number;
}

export function convertResult(
  ctx: QuickJSAsyncContext,
  serializeResult: QuickJSHandle,
  value: QuickJSHandle,
  loop: EventLoop,
  options: { exportName: string; resultBytes: number },
): Converted {
  const serialized = ctx.callFunction(serializeResult, ctx.undefined, value);
  if (serialized.error) loop.fail(serialized.error);
  // Plain JSON comes back as its text (or undefined); anything else as what the full converter reports.
  const dumped = serialized.value.consume((v) => ctx.dump(v)) as Serialized | string | undefined;
  const outcome: Serialized = typeof dumped === 'object' ? dumped : { ok: true, json: dumped };
  if (!outcome.ok) {
    throw new RunFailure({
      kind: 'result',
      message: `The value returned by ${options.exportName}() could not be converted to JSON: ${outcome.message ?? 'unknown reason'}.`,
    });
  }
  const converted: Converted = { value: null };
  if (outcome.lossy && outcome.lossy.length > 0) {
    const more = (outcome.lossyCount ?? 0) - outcome.lossy.length;
    converted.dropped =
      `Not JSON, so dropped or converted: ${outcome.lossy.join('; ')}` + (more > 0 ? ` (and ${more} more)` : '') + '.';
  }
  if (outcome.json !== undefined) {
    const shrunk = shrinkToBudget(JSON.parse(outcome.json) as JsonValue, options.resultBytes);
    converted.value = shrunk.value;
    if (shrunk.truncated !== undefined) {
      converted.truncated = shrunk.truncated;
      converted.fullJson = outcome.json;
    }
  }
  return converted;
}
