import type { Parsed } from './parse.js';
import type { Analysis, ExecInfo, ExportEntry, ImportBinding, ImportRef } from './analyze-types.js';
import { identName, isNode, memberChain, patternNames, type Node } from './analyze-ast.js';

export type {
  Analysis,
  ExecInfo,
  ExportEntry,
  ImportBinding,
  ImportRef,
  MemberChain,
  ModuleExports,
} from './analyze-types.js';

/**
 * Reads what the bundler needs from a module: imports, exports, and for the entry (deep = true)
 * dynamic imports, namespace member chains and the `exec` declaration.
 */
export function analyze(parsed: Parsed, deep: boolean): Analysis {
  const { module, index } = parsed;
  const imports: ImportRef[] = [];
  const bindings: ImportBinding[] = [];
  const names = new Map<string, ExportEntry>();
  const stars: string[] = [];
  const exportedLocals = new Map<string, string>(); // exported name → local name (export { a as b })
  const declarations = new Map<string, { kind: ExecInfo['kind']; init?: { start: number; end: number } }>();

  const addImport = (source: Node, typeOnly: boolean): string => {
    const specifier = source['value'] as string;
    imports.push({ specifier, index: index(source.span!.start), typeOnly });
    return specifier;
  };

  const declare = (decl: Node, exported: boolean): void => {
    const declared: string[] = [];
    let typeOnly = false;
    switch (decl.type) {
      case 'FunctionDeclaration':
      case 'ClassDeclaration': {
        const name = identName(decl['identifier']);
        if (name) {
          declared.push(name);
          declarations.set(name, { kind: decl.type === 'FunctionDeclaration' ? 'function' : 'other' });
        }
        break;
      }
      case 'VariableDeclaration':
        for (const d of decl['declarations'] as Node[]) {
          const id = d['id'] as Node;
          if (id.type === 'Identifier') {
            const name = id['value'] as string;
            declared.push(name);
            const init = d['init'] as Node | null;
            declarations.set(name, {
              kind: 'variable',
              ...(init?.span ? { init: { start: index(init.span.start), end: index(init.span.end) } } : {}),
            });
          } else {
            for (const name of patternNames(id)) declared.push(name);
          }
        }
        break;
      case 'TsEnumDeclaration':
      case 'TsModuleDeclaration': {
        const name = identName(decl['id']);
        if (name) declared.push(name);
        break;
      }
      case 'TsInterfaceDeclaration':
      case 'TsTypeAliasDeclaration': {
        const name = identName(decl['id']);
        if (name) declared.push(name);
        typeOnly = true;
        break;
      }
      default:
        break;
    }
    if (exported) for (const name of declared) names.set(name, { typeOnly });
  };

  for (const item of module.body as unknown as Node[]) {
    switch (item.type) {
      case 'ImportDeclaration': {
        const typeOnlyDecl = item['typeOnly'] === true;
        const specifier = addImport(item['source'] as Node, typeOnlyDecl);
        for (const s of item['specifiers'] as Node[]) {
          const local = identName(s['local'])!;
          const at = index((s['local'] as Node).span!.start);
          const typeOnly = typeOnlyDecl || s['isTypeOnly'] === true;
          if (s.type === 'ImportNamespaceSpecifier')
            bindings.push({ local, imported: '*', specifier, index: at, typeOnly });
          else if (s.type === 'ImportDefaultSpecifier')
            bindings.push({ local, imported: 'default', specifier, index: at, typeOnly });
          else {
            const importedNode = (s['imported'] as Node | null) ?? (s['local'] as Node);
            bindings.push({
              local,
              imported: identName(importedNode)!,
              specifier,
              index: index(importedNode.span!.start),
              typeOnly,
            });
          }
        }
        break;
      }
      case 'ExportAllDeclaration': {
        const specifier = addImport(item['source'] as Node, item['typeOnly'] === true);
        stars.push(specifier);
        break;
      }
      case 'ExportNamedDeclaration': {
        const source = item['source'] as Node | null;
        const typeOnlyDecl = item['typeOnly'] === true;
        const specifier = source ? addImport(source, typeOnlyDecl) : undefined;
        for (const s of item['specifiers'] as Node[]) {
          if (s.type === 'ExportNamespaceSpecifier') {
            const name = identName(s['name'])!;
            names.set(
              name,
              specifier ? { typeOnly: typeOnlyDecl, namespaceOf: specifier } : { typeOnly: typeOnlyDecl },
            );
          } else if (s.type === 'ExportDefaultSpecifier') {
            names.set(identName(s['exported'])!, { typeOnly: typeOnlyDecl });
          } else {
            const orig = identName(s['orig'])!;
            const exported = identName(s['exported']) ?? orig;
            const typeOnly = typeOnlyDecl || s['isTypeOnly'] === true;
            names.set(exported, { typeOnly });
            if (!specifier && !typeOnly) exportedLocals.set(exported, orig);
          }
        }
        break;
      }
      case 'ExportDeclaration':
        declare(item['declaration'] as Node, true);
        break;
      case 'ExportDefaultDeclaration': {
        names.set('default', { typeOnly: false });
        const decl = item['decl'] as Node;
        const name = identName(decl['identifier']);
        if (name) declarations.set(name, { kind: decl.type === 'FunctionExpression' ? 'function' : 'other' });
        break;
      }
      case 'ExportDefaultExpression':
        names.set('default', { typeOnly: false });
        break;
      case 'TsExportAssignment':
        names.set('default', { typeOnly: false });
        break;
      default:
        declare(item, false);
        break;
    }
  }

  const analysis: Analysis = {
    imports,
    bindings,
    exports: { names, stars },
    dynamicImports: [],
    requires: [],
    chains: [],
    bareNames: new Map(),
    locals: new Set(),
  };
  const bind = (pattern: unknown): void => {
    if (isNode(pattern)) for (const name of patternNames(pattern)) analysis.locals.add(name);
  };
  if (!deep) return analysis;

  const execLocal = exportedLocals.get('exec') ?? 'exec';
  let references = 0;
  let firstReference: number | undefined;
  const visit = (value: unknown, parentKey: string): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v, parentKey);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const node = value as Node;
    switch (node.type) {
      case 'Identifier':
        analysis.bareNames.set(node['value'] as string, (analysis.bareNames.get(node['value'] as string) ?? 0) + 1);
        if (node['value'] === execLocal && parentKey !== 'declaration-name') {
          references++;
          firstReference ??= index(node.span!.start);
        }
        return;
      case 'CallExpression': {
        const callee = node['callee'] as Node;
        if (callee.type === 'Import') analysis.dynamicImports.push(index(node.span!.start));
        const first = (node['arguments'] as Array<{ expression: Node }>)[0]?.expression;
        if (callee.type === 'Identifier' && callee['value'] === 'require' && first?.type === 'StringLiteral') {
          analysis.requires.push({ specifier: first['value'] as string, index: index(node.span!.start) });
        }
        break;
      }
      case 'VariableDeclarator':
        bind(node['id']);
        break;
      case 'Parameter':
        bind(node['pat']);
        break;
      case 'ArrowFunctionExpression':
        for (const p of node['params'] as unknown[]) bind(p);
        break;
      case 'CatchClause':
        bind(node['param']);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ClassDeclaration':
      case 'ClassExpression':
        bind(node['identifier']);
        break;
      case 'MemberExpression': {
        const chain = memberChain(node, index);
        if (chain) {
          analysis.chains.push(chain);
          if (chain.root === execLocal) references++;
          return;
        }
        break;
      }
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportAllDeclaration':
        return;
      default:
        break;
    }
    for (const key in node) {
      if (key === 'span' || key === 'ctxt' || key === 'type') continue;
      const child = node[key];
      if (typeof child !== 'object' || child === null) continue;
      const isName =
        (key === 'identifier' && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression')) ||
        (key === 'id' && node.type === 'VariableDeclarator');
      visit(child, isName ? 'declaration-name' : key);
    }
  };
  visit(module.body, 'body');

  const declared = declarations.get(execLocal);
  if (declared || exportedLocals.has('exec') || names.has('exec')) {
    analysis.exec = {
      local: execLocal,
      exported: names.has('exec') && names.get('exec')!.typeOnly === false,
      kind: declared?.kind ?? 'other',
      ...(declared?.init ? { init: declared.init } : {}),
      referenced: references > 0,
      ...(firstReference !== undefined ? { firstReference } : {}),
    };
  }
  return analysis;
}
