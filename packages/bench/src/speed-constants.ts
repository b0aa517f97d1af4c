export const SEQUENTIAL_CALLS = 300;
export const PARALLEL_CALLS = 8;
export const SLOW_MS = 300;
export const CONCURRENT_EXECUTIONS = 20;
