import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { formatBytes } from '@runbyte/utils';

/** The JSON-RPC error code of a call whose result was over the limit (in the implementation-defined range). */
export const RESULT_TOO_LARGE = -32_050;

/**
 * The message of the JSON-RPC error that stands in for an answer over the limit. `exact` is false when
 * reading stopped before the answer ended (a server may stream without end), so the size is a floor.
 */
export function tooLargeMessage(bytes: number, limit: number, exact = true): string {
  return `its answer is ${exact ? '' : 'more than '}${formatBytes(bytes)}, over the limit of ${formatBytes(limit)} a result may have; the answer was dropped and the connection kept`;
}

/** The JSON-RPC error that answers request `id` in place of an answer over the limit. */
export function oversizedAnswer(id: string | number, message: string): JSONRPCMessage {
  return { jsonrpc: '2.0', id, error: { code: RESULT_TOO_LARGE, message } };
}
