import { RunbyteCliError } from '../errors.js';

export type Env = Record<string, string | undefined>;

// ${NAME} or ${NAME:-default}; a default may itself be empty (`${TOKEN:-}`).
const PATTERN = /\$\{([^}:]*)(?::-([^}]*))?\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in one string. As in the shell, the default applies when the
 * variable is unset or empty. `where` names the place for error messages (`mcpServers.github.env.TOKEN`).
 */
export function substituteVariables(value: string, env: Env, where: string, file?: string): string {
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
    throw new RunbyteCliError(
      'CONFIG_MISSING_VARIABLE',
      `${prefix(file)}environment variable ${name} is not set (used in ${where}). Set it, or give a default with \${${name}:-default}.`,
      { ...(file ? { file } : {}), path: where, variable: name },
    );
  });
}

function prefix(file: string | undefined): string {
  return file ? `Config ${file}: ` : 'Config: ';
}
