// Reads what Docker reads from docker/Dockerfile to start a container of the final stage: USER, WORKDIR,
// ENV, ENTRYPOINT and CMD (exec form), and the RUN lines. Enough of the format for this repository's
// file, with line continuations and comments; anything else is an error rather than a wrong guess.
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';

export interface ImageStart {
  user: string;
  workdir: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  run: string[];
}

export function readImageStart(file: string): ImageStart {
  const lines = readFileSync(file, 'utf8')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const finalStage = lines.findLastIndex((line) => /^FROM\s/i.test(line));
  if (finalStage < 0) throw new Error(`${file} has no FROM`);
  const start: ImageStart = { user: 'root', workdir: '/', env: {}, entrypoint: [], cmd: [], run: [] };
  for (const line of lines.slice(finalStage + 1)) {
    const [, instruction = '', rest = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    switch (instruction.toUpperCase()) {
      case 'USER':
        start.user = rest.split(':')[0]!;
        break;
      case 'WORKDIR':
        start.workdir = posix.resolve(start.workdir, rest);
        break;
      case 'ENV':
        for (const [, key, value] of rest.matchAll(/(\w+)=("[^"]*"|\S*)/g))
          start.env[key!] = value!.replace(/^"(.*)"$/, '$1');
        break;
      case 'ENTRYPOINT':
        start.entrypoint = execForm(rest, line);
        start.cmd = [];
        break;
      case 'CMD':
        start.cmd = execForm(rest, line);
        break;
      case 'RUN':
        start.run.push(rest);
        break;
    }
  }
  return start;
}

function execForm(rest: string, line: string): string[] {
  const parsed: unknown = JSON.parse(rest);
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string'))
    throw new Error(`only the exec form (a JSON array of strings) is understood: ${line}`);
  return parsed;
}

/** Docker's HOME: an ENV HOME, else the user's home in the base image's /etc/passwd. */
export function homeOf(start: ImageStart): string {
  return start.env.HOME ?? (start.user === 'root' ? '/root' : `/home/${start.user}`);
}
