// The config's `server` section.
import { isObject } from '@runbyte/utils';
import type { RunbyteServerSettings } from '@runbyte/server';
import { approvalFallbackOf } from './approvals.js';
import { authTokensOf } from './auth-tokens.js';
import {
  hint,
  kind,
  MEMORY_RANGE,
  nonEmptyString,
  ranged,
  RESULT_RANGE,
  RESULTS_RANGE,
  SESSION_TTL_RANGE,
  show,
  stringArray,
  TIMEOUT_RANGE,
  type Context,
} from './context.js';

export type ServerSettings = RunbyteServerSettings;

const SERVER_KEYS = [
  'port',
  'host',
  'timeout',
  'connectTimeout',
  'memoryLimitMb',
  'maxResultMb',
  'workers',
  'workspaceDir',
  'authToken',
  'authTokens',
  'workspacePerClient',
  'stateless',
  'allowedHosts',
  'allowedOrigins',
  'sessionTtlMs',
  'validateArguments',
  'approveTools',
  'approvalFallback',
  'approvalTimeout',
  'learnTypes',
  'resultsMaxMb',
  'typecheck',
];
export function serverSettings(ctx: Context, raw: unknown): ServerSettings {
  if (!isObject(raw)) ctx.fail('server', `must be an object like {"port": 3000, "timeout": 30}, got ${kind(raw)}`);
  const out: ServerSettings = {};
  for (const [key, value] of Object.entries(raw)) {
    const path = `server.${key}`;
    switch (key) {
      case 'port':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 65_535)
          ctx.fail(path, `must be a port number from 0 to 65535, got ${show(value)}`);
        out.port = value;
        break;
      case 'timeout':
        // createRunbyte warns about 1000 or more (milliseconds meant?), for embedders too.
        out.timeout = ranged(ctx, value, path, TIMEOUT_RANGE);
        break;
      case 'connectTimeout':
        out.connectTimeout = ranged(ctx, value, path, TIMEOUT_RANGE);
        break;
      case 'memoryLimitMb':
        out.memoryLimitMb = ranged(ctx, value, path, MEMORY_RANGE);
        break;
      case 'maxResultMb':
        out.maxResultMb = ranged(ctx, value, path, RESULT_RANGE);
        break;
      case 'sessionTtlMs':
        out.sessionTtlMs = ranged(ctx, value, path, SESSION_TTL_RANGE);
        break;
      case 'resultsMaxMb':
        out.resultsMaxMb = ranged(ctx, value, path, RESULTS_RANGE);
        break;
      case 'workers':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 64) {
          ctx.fail(
            path,
            `must be a whole number of worker threads from 0 to 64 (0 runs executions on the main thread), got ${show(value)}`,
          );
        }
        out.workers = value;
        break;
      case 'host':
        out.host = nonEmptyString(ctx, value, path);
        break;
      case 'workspaceDir':
        out.workspaceDir = ctx.resolvePath(nonEmptyString(ctx, value, path));
        break;
      case 'authToken': {
        const missingBefore = ctx.missing.length;
        const token = ctx.substitute(nonEmptyString(ctx, value, path), path);
        if (ctx.missing.length > missingBefore) break;
        if (token.trim() === '')
          ctx.fail(path, 'is empty; set a long random token (e.g. openssl rand -hex 32) or remove the key');
        out.authToken = token;
        break;
      }
      case 'authTokens':
        out.authTokens = authTokensOf(ctx, value, path);
        break;
      case 'stateless':
      case 'workspacePerClient':
      case 'validateArguments':
      case 'learnTypes':
      case 'typecheck':
        if (typeof value !== 'boolean') ctx.fail(path, `must be true or false, got ${show(value)}`);
        out[key] = value;
        break;
      case 'allowedHosts':
      case 'allowedOrigins':
        out[key] = stringArray(ctx, value, path);
        break;
      case 'approveTools':
        out.approveTools = stringArray(ctx, value, path).map((glob, i) => {
          if (glob === '')
            ctx.fail(`${path}[${i}]`, 'must not be empty; write "server.tool" or a glob such as "*.delete_*"');
          return glob;
        });
        break;
      case 'approvalFallback':
        out.approvalFallback = approvalFallbackOf(value, path, (p, m) => ctx.fail(p, m));
        break;
      case 'approvalTimeout':
        out.approvalTimeout = ranged(ctx, value, path, { ...TIMEOUT_RANGE, example: 300 });
        break;
      default:
        ctx.warn(`server: unknown key "${key}" ignored${hint(key, SERVER_KEYS)} (known: ${SERVER_KEYS.join(', ')})`);
    }
  }
  return out;
}
