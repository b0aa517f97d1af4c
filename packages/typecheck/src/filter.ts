// Which TypeScript diagnostics block an execution. The checker is lenient by design: agent code is
// untyped JavaScript as often as not, so only errors that show the program is wrong at run time (a name
// that does not exist, a misspelt or missing argument of a tool, a wrong argument type, calling what is
// not a function) stop it. Everything else (implicit any, strict null checks, the agent's own
// annotations) is TypeScript's opinion, not a bug, and is ignored.
import type * as TS from 'typescript';
import ts from './typescript.js';

/** Always wrong: names, imports and calls that fail at run time wherever they are. */
const ALWAYS = new Set([
  1308, // 'await' outside an async function
  2304, // Cannot find name
  2552, // Cannot find name, did you mean
  2580, // Cannot find name (a Node global: install @types/node)
  2581, // ... (jQuery)
  2582, // ... (a test runner global)
  2583, // ... (a newer lib)
  2584, // ... (a DOM global)
  2591, // ... (Node, when `types` is set)
  2592, // ... (jQuery, when `types` is set)
  2593, // ... (a test runner, when `types` is set)
  2305, // Module has no exported member
  2307, // Cannot find module
  2614, // Module has no exported member (did you mean a default import)
  2724, // Module has no exported member, did you mean
  2348, // Not callable, did you mean `new`
  2349, // This expression is not callable
  2351, // This expression is not constructable
  2353, // Object literal may only specify known properties (a misspelt argument)
  2561, // ... did you mean to write
  2451, // Cannot redeclare block-scoped variable (a SyntaxError in the sandbox)
  2588, // Cannot assign to a constant
  2693, // Only refers to a type, but is used as a value
]);

const UNKNOWN_NAME = new Set([2304, 2552, 2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593]);

/** A property that does not exist: blocks only on objects whose type Runbyte or the language declares. */
const PROPERTY = new Set([2339, 2551]);

/** Argument errors: block only in calls of functions Runbyte declares (the servers, @runbyte/fs, globals). */
const ARGUMENT = new Set([2345, 2554, 2555, 2322, 2769]);

export interface FilterContext {
  program: TS.Program;
  file: TS.SourceFile;
  /** Files Runbyte provides: generated declarations, builtins, the sandbox's globals. */
  provided(fileName: string): boolean;
}

export function blocks(diagnostic: TS.Diagnostic, ctx: FilterContext): boolean {
  const code = diagnostic.code;
  if (!ALWAYS.has(code) && !PROPERTY.has(code) && !ARGUMENT.has(code)) return false;
  const node = diagnostic.start === undefined ? undefined : nodeAt(ctx.file, diagnostic.start);
  // `typeof process !== 'undefined'` is how code asks whether a global exists: it never throws.
  if (UNKNOWN_NAME.has(code)) return !(node?.parent && ts.isTypeOfExpression(node.parent));
  if (ALWAYS.has(code)) return true;
  if (!node) return false;
  const checker = ctx.program.getTypeChecker();
  if (PROPERTY.has(code)) {
    const access = node.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.name !== node) return false;
    return declaredElsewhere(checker, checker.getTypeAtLocation(access.expression), ctx);
  }
  const call = enclosingCall(node, code === 2322);
  if (!call) return false;
  const declaration = checker.getResolvedSignature(call)?.declaration;
  let symbol = checker.getSymbolAtLocation(call.expression);
  // An imported function's symbol is the import in the agent's file; what counts is what it imports.
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = declaration ? [declaration] : (symbol?.declarations ?? []);
  const files = declarations.map((d) => d.getSourceFile().fileName);
  return files.length > 0 && files.every((f) => ctx.provided(f));
}

/** Whether a type is declared outside the agent's file: a generated type, a module, or the language's own. */
function declaredElsewhere(checker: TS.TypeChecker, type: TS.Type, ctx: FilterContext): boolean {
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
  const parts = type.isUnion() ? type.types : [type];
  return parts.every((part) => {
    const symbol = checker.getApparentType(part).getSymbol() ?? part.aliasSymbol;
    const declarations = symbol?.declarations ?? [];
    return declarations.length > 0 && declarations.every((d) => d.getSourceFile() !== ctx.file);
  });
}

/**
 * The call a diagnostic is an argument error of. `inLiteral`: the diagnostic sits inside an object or
 * array literal (TS reports a wrong property of an argument there), so walk up through literals only.
 */
function enclosingCall(node: TS.Node, inLiteral: boolean): TS.CallExpression | TS.NewExpression | undefined {
  let child: TS.Node = node;
  let parent: TS.Node | undefined = node.parent;
  while (parent) {
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      if (parent.arguments?.some((a) => a === child)) return parent;
      if (!inLiteral && (parent.expression === child || child === node)) return parent;
      return undefined;
    }
    const literalPart =
      ts.isObjectLiteralExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isShorthandPropertyAssignment(parent) ||
      ts.isSpreadAssignment(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent);
    if (inLiteral && !literalPart) return undefined;
    if (!inLiteral && (ts.isStatement(parent) || ts.isFunctionLike(parent))) return undefined;
    child = parent;
    parent = parent.parent;
  }
  return undefined;
}

/** The innermost node starting at or spanning `position`. */
function nodeAt(file: TS.SourceFile, position: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (node.getStart(file) <= position && position < node.end) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(file, visit);
  return found;
}
