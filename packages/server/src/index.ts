export { createRunbyte } from './runbyte.js';
export type { Runbyte, RunbyteConfig, RunbyteServerSettings, RunbyteOptions } from './runbyte.js';
export type {
  ExecuteOutcome,
  ExecuteOptions,
  ExecuteProgress,
  ToolCallRecord,
  ExecutionClient,
  JsonValue,
  LogEntry,
} from './execute.js';
export type { ApprovalPolicy, ApprovalRule, ApprovalFallback } from './approvals.js';
export { serveHttp } from './serve-http.js';
export type { HttpServeOptions, HttpServerHandle } from './http.js';
export { serveStdio } from './stdio.js';
export type { StdioServerHandle } from './stdio.js';
export type { HealthReport } from './health.js';
export {
  RunbyteError,
  describeFailure,
  type RunbyteErrorCode,
  type FailurePhase,
  type FailureDescription,
} from './errors.js';
export { INSTRUCTIONS } from './instructions.js';
export type { Logger } from './logger.js';
