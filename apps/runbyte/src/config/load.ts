import { codeFrame } from '@runbyte/utils';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RunbyteCliError } from '../errors.js';
import { configSearchPaths, demoConfig, type SearchPlaces } from './defaults.js';
import { findJsonSyntaxProblem } from './json.js';
import { validateConfig, type CliConfig } from './schema.js';
import type { Env } from './substitute.js';

export interface LoadConfigOptions extends SearchPlaces {
  /** From --config; wins over RUNBYTE_CONFIG and the search. */
  configPath?: string;
  /** Default process.env: RUNBYTE_CONFIG and the `${VAR}` values. */
  env?: Env;
}

export type ConfigSource = 'flag' | 'env' | 'search' | 'demo';

export interface LoadedConfig {
  config: CliConfig;
  /** The file read (absolute); absent for the built-in demo. */
  file?: string;
  source: ConfigSource;
  warnings: string[];
  /** Servers skipped because of `"disabled": true`. */
  disabled: string[];
}

/** The config file to use: --config, else RUNBYTE_CONFIG, else the first existing file of the search
 * paths; undefined when there is none. A named file that does not exist is an error. */
export function findConfig(options: LoadConfigOptions = {}): { file: string; source: ConfigSource } | undefined {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const named =
    options.configPath !== undefined
      ? { value: options.configPath, source: 'flag' as const, how: '--config' }
      : env.RUNBYTE_CONFIG
        ? { value: env.RUNBYTE_CONFIG, source: 'env' as const, how: 'RUNBYTE_CONFIG' }
        : undefined;
  if (named) {
    const file = resolve(cwd, named.value);
    if (!isFile(file)) {
      throw new RunbyteCliError(
        'CONFIG_NOT_FOUND',
        `Config file ${named.value} (from ${named.how}) does not exist or is not a file. Check the path, or leave ${named.how} out to search the default places.`,
        { file: named.value },
      );
    }
    return { file, source: named.source };
  }
  for (const file of configSearchPaths({ ...options, xdgConfigHome: options.xdgConfigHome ?? env.XDG_CONFIG_HOME })) {
    if (isFile(file)) return { file, source: 'search' };
  }
  return undefined;
}

/** Finds, reads and validates the config; with none anywhere, the built-in demo config. */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const found = findConfig(options);
  if (!found) return { config: demoConfig(), source: 'demo', warnings: [], disabled: [] };
  return { ...readConfigFile(found.file, options), file: found.file, source: found.source };
}

/** Reads and validates one config file. */
export function readConfigFile(
  file: string,
  options: { env?: Env; home?: string } = {},
): Omit<LoadedConfig, 'source'> & { file: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'EACCES'
        ? 'permission denied'
        : (error as NodeJS.ErrnoException).code === 'EISDIR'
          ? 'it is a directory'
          : (error as Error).message;
    throw new RunbyteCliError('CONFIG_UNREADABLE', `Config ${file} cannot be read: ${reason}.`, { file });
  }
  return { ...parseConfigText(text, { file, env: options.env, home: options.home }), file };
}

/** Parses and validates config text. `file` is only used in messages and to resolve relative paths. */
export function parseConfigText(
  text: string,
  options: { file?: string; env?: Env; home?: string } = {},
): Omit<LoadedConfig, 'source' | 'file'> {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const problem = findJsonSyntaxProblem(text.replace(/^\uFEFF/, ''));
    const name = options.file ?? 'config';
    if (!problem)
      throw new RunbyteCliError('CONFIG_SYNTAX', `Config ${name} is not valid JSON: ${(error as Error).message}.`, {
        ...(options.file ? { file: options.file } : {}),
      });
    throw new RunbyteCliError(
      'CONFIG_SYNTAX',
      `Config ${name} is not valid JSON at line ${problem.line}, column ${problem.column}: ${problem.message}.\n${codeFrame(text, problem.line, problem.column) ?? ''}`,
      { ...(options.file ? { file: options.file } : {}), line: problem.line, column: problem.column },
    );
  }
  return validateConfig(raw, {
    ...(options.file ? { file: options.file, baseDir: dirname(options.file) } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.home ? { home: options.home } : {}),
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
