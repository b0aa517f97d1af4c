import { RunbyteCliError } from '../errors.js';

export type Env = Record<string, string | undefined>;

// ${NAME} or ${NAME:-default}; a default may itself be empty (`${TOKEN:-}`).
const PATTERN = /\$\{([^}:]*)(?::-([^}]*))?\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in one string. As in the shell, the default applies when the
 * variable is unset or empty. `where` names the place for error messages (`mcpServers.github.env.TOKEN`).
 */
export function substituteVariables(
  value: string,
  env: Env,
  where: string,
  file?: string,
  missing?: MissingVariable[],
): string {
  return value.replace(PATTERN, (_match, name: string, fallback: string | undefined) => {
    if (!NAME.test(name)) {
      throw new RunbyteCliError(
        'CONFIG_INVALID',
        `${prefix(file)}${where}: "\${${name}}" is not a valid variable reference; use \${NAME} or \${NAME:-default} with a name of letters, digits and underscores.`,
        { ...(file ? { file } : {}), path: where },
      );
    }
    const current = env[name];
    if (current !== undefined && current !== '') return current;
    if (fallback !== undefined) return fallback;
    if (current === '') return '';
    if (missing) {
      missing.push({ name, where });
      return '';
    }
    throw new RunbyteCliError(
      'CONFIG_MISSING_VARIABLE',
      `${prefix(file)}environment variable ${name} is not set (used in ${where}). Set it, or give a default with \${${name}:-default}.`,
      { ...(file ? { file } : {}), path: where, variable: name },
    );
  });
}

export interface MissingVariable {
  name: string;
  /** The JSON path that uses it. */
  where: string;
}

/** One error for every unset variable, so a user fixes them all in one go instead of one per run. */
export function missingVariablesError(missing: MissingVariable[], file?: string): RunbyteCliError {
  const first = missing[0];
  if (missing.length === 1 && first)
    return new RunbyteCliError(
      'CONFIG_MISSING_VARIABLE',
      `${prefix(file)}environment variable ${first.name} is not set (used in ${first.where}). Set it, or give a default with \${${first.name}:-default}.`,
      { ...(file ? { file } : {}), path: first.where, variable: first.name },
    );
  const byName = new Map<string, string[]>();
  for (const { name, where } of missing) byName.set(name, [...(byName.get(name) ?? []), where]);
  const list = [...byName].map(([name, places]) => `${name} (used in ${places.join(', ')})`).join(', ');
  return new RunbyteCliError(
    'CONFIG_MISSING_VARIABLE',
    `${prefix(file)}environment variables ${list} are not set. Set them, or give defaults with \${NAME:-default}.`,
    { ...(file ? { file } : {}), variables: [...byName.keys()] },
  );
}

function prefix(file: string | undefined): string {
  return file ? `Config ${file}: ` : 'Config: ';
}
