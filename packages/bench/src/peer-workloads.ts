import { PARALLEL_CALLS, SEQUENTIAL_CALLS } from './speed-constants.js';

export const PEER_PROTOCOL = 'replay_mcp';

/** The same workloads as Runbyte's, in the peer's dialect (a function body; tools are `manual.tool(args)`). */
export const CODE_PEER = {
  return1: 'return 1;',
  sequential: `for (let i = 0; i < ${SEQUENTIAL_CALLS}; i++) await everything.echo({ message: 'ping' });
return ${SEQUENTIAL_CALLS};`,
  parallel: `await Promise.all(Array.from({ length: ${PARALLEL_CALLS} }, (_, i) => slow.echo({ message: 'call ' + i })));
return ${PARALLEL_CALLS};`,
};
