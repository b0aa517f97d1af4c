/**
 * server.timeout is in seconds, as the original Runbyte documents (`"timeout": 30`); 1000 or more was
 * almost always meant as milliseconds. Said by createRunbyte, so embedders hear it as the CLI does.
 */
export function timeoutWarning(seconds: number): string | undefined {
  if (!(seconds >= 1000)) return undefined;
  return `server.timeout is ${seconds} seconds (${duration(seconds)}); the value is in seconds since the original Runbyte documents "timeout": 30, did you mean ${round(seconds / 1000)}?`;
}

function duration(seconds: number): string {
  return seconds >= 3600 ? `${round(seconds / 3600)} hours` : `${round(seconds / 60)} minutes`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
