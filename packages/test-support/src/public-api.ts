// The names a package's entry exports, split into values and types, read by the TypeScript checker
// from the source (so `export type` and `export { type X }` count as types). Packages pin them with a
// snapshot: a change to the public surface is then a visible, reviewed change.
import ts from 'typescript';

export interface PublicApi {
  values: string[];
  types: string[];
}

export function publicApi(entryFile: string): PublicApi {
  const program = ts.createProgram([entryFile], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${entryFile} is not a module`);
  const values: string[] = [];
  const types: string[] = [];
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const typeOnly = symbol.declarations?.some((d) => ts.isTypeOnlyExportDeclaration(d) || isTypeOnlySpecifier(d));
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const isValue = !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0;
    (isValue ? values : types).push(symbol.name);
  }
  return { values: values.sort(), types: types.sort() };
}

function isTypeOnlySpecifier(node: ts.Node): boolean {
  return ts.isExportSpecifier(node) && (node.isTypeOnly || node.parent.parent.isTypeOnly);
}
