// What every part of the config's validation shares: where it is, how it fails and warns, and the checks of plain values.
import { didYouMean } from '@runbyte/utils';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { RunbyteCliError } from '../errors.js';
import { substituteVariables, type Env, type MissingVariable } from './substitute.js';

export interface ValidateOptions {
  /** Shown in messages; relative paths in the config (cwd, workspaceDir) resolve against its directory. */
  file?: string;
  baseDir?: string;
  env?: Env;
  home?: string;
}

export class Context {
  readonly warnings: string[] = [];
  /** Unset `${VAR}`s, collected so that one error lists them all. */
  readonly missing: MissingVariable[] = [];
  readonly env: Env;
  readonly home: string;
  constructor(readonly options: ValidateOptions) {
    this.env = options.env ?? process.env;
    this.home = options.home ?? homedir();
  }
  fail(path: string, message: string): never {
    const file = this.options.file;
    const where = path ? `${path}: ` : '';
    throw new RunbyteCliError('CONFIG_INVALID', `${file ? `Config ${file}` : 'Config'}: ${where}${message}.`, {
      ...(file ? { file } : {}),
      path,
    });
  }
  warn(message: string): void {
    this.warnings.push(message);
  }
  substitute(value: string, path: string): string {
    return substituteVariables(value, this.env, path, this.options.file, this.missing);
  }
  /** `~/x` → home; relative → against the config file's directory. */
  resolvePath(value: string): string {
    const expanded = value === '~' ? this.home : value.startsWith('~/') ? join(this.home, value.slice(2)) : value;
    if (isAbsolute(expanded)) return expanded;
    return this.options.baseDir ? resolve(this.options.baseDir, expanded) : expanded;
  }
}

export interface Range {
  min: number;
  max: number;
  /** What the number counts, for the message: "seconds", "MiB". */
  unit: string;
  example: number;
}

// setTimeout's largest delay is 2^31-1 ms; past it Node fires at once with a TimeoutOverflowWarning.
const MAX_TIMER_MS = 2 ** 31 - 1;
export const TIMEOUT_RANGE: Range = { min: 0.001, max: Math.floor(MAX_TIMER_MS / 1000), unit: 'seconds', example: 30 };
// QuickJS runs in 32-bit WASM: it can never address more than 4 GiB.
export const MEMORY_RANGE: Range = { min: 1, max: 4096, unit: 'MiB', example: 256 };
export const RESULT_RANGE: Range = { min: 0.001, max: 1024, unit: 'MiB', example: 10 };
export const RESULTS_RANGE: Range = { min: 1, max: 1_048_576, unit: 'MiB', example: 256 };
export const SESSION_TTL_RANGE: Range = { min: 1000, max: MAX_TIMER_MS, unit: 'milliseconds', example: 1_800_000 };

/** A finite number within the range, or a config error naming the key, the unit and the range. */
export function ranged(ctx: Context, value: unknown, path: string, range: Range): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max) {
    ctx.fail(
      path,
      `must be a number of ${range.unit} from ${range.min} to ${range.max}, e.g. ${range.example}, got ${show(value)}`,
    );
  }
  return value;
}

export function nonEmptyString(ctx: Context, value: unknown, path: string): string {
  if (typeof value !== 'string') ctx.fail(path, `must be a string, got ${show(value)}`);
  if (value.trim() === '') ctx.fail(path, 'must not be empty');
  return value;
}

export function stringArray(ctx: Context, value: unknown, path: string): string[] {
  if (!Array.isArray(value))
    ctx.fail(path, `must be an array of strings, e.g. ["-y", "some-package"], got ${show(value)}`);
  return value.map((item, i) => {
    if (typeof item !== 'string')
      ctx.fail(
        `${path}[${i}]`,
        `must be a string, got ${show(item)}${typeof item === 'number' || typeof item === 'boolean' ? ` (write "${String(item)}" in quotes)` : ''}`,
      );
    return item;
  });
}

/** ` (did you mean "command"?)` for a misspelt key, else nothing. */
export function hint(key: string, known: readonly string[]): string {
  const text = didYouMean(key, known, 1);
  return text ? ` (${text.charAt(0).toLowerCase()}${text.slice(1)})` : '';
}

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function show(value: unknown): string {
  if (typeof value === 'object' && value !== null) return kind(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** `mcpServers.github` or `mcpServers["my server"]`: a JSON path a user can find in the file. */
export function child(path: string, key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
