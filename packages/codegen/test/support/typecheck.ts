// Type-checks a generated /servers tree with the shared tsc --strict helper, keyed by paths inside
// /servers ('index.ts', 'github/createIssue.ts', ...).
import { STRICT_OPTIONS, typecheckFiles } from '@runbyte/test-support';
import type ts from 'typescript';

export { STRICT_OPTIONS };

export function typecheckTree(files: Record<string, string>, options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  const inServers = Object.fromEntries(Object.entries(files).map(([path, source]) => [`servers/${path}`, source]));
  return typecheckFiles(inServers, options).map((line) => line.replace(/^servers\//, ''));
}
