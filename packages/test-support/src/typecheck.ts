// Type-checks files the way a user would after copying them out: written to a temp dir, one
// TypeScript program, the strictest flags we can think of.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export const STRICT_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noPropertyAccessFromIndexSignature: true,
  noFallthroughCasesInSwitch: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
};

/** Diagnostics as `file:line:col message`; [] when everything type-checks. */
export function typecheckFiles(files: Record<string, string>, options: ts.CompilerOptions = STRICT_OPTIONS): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'runbyte-vfs-tsc-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const names: string[] = [];
    for (const [path, source] of Object.entries(files)) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, source);
      names.push(file);
    }
    const program = ts.createProgram(names, options);
    return ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
      const file = d.file ? d.file.fileName.slice(dir.length + 1) : '<global>';
      const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      return where ? `${file}:${where.line + 1}:${where.character + 1} ${text}` : `${file} ${text}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
