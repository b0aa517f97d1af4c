import type { MemberChain } from './analyze-types.js';

/** An swc AST node as the walk sees it: a `type` tag, an optional span and untyped fields. */
export type Node = { type: string; span?: { start: number; end: number }; [key: string]: unknown };

export function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

export function identName(value: unknown): string | undefined {
  if (!isNode(value)) return undefined;
  if (value.type === 'Identifier') return value['value'] as string;
  if (value.type === 'StringLiteral') return value['value'] as string;
  return undefined;
}

export function patternNames(pattern: Node): string[] {
  const out: string[] = [];
  const walk = (p: unknown): void => {
    if (Array.isArray(p)) return p.forEach(walk);
    if (!isNode(p)) return;
    if (p.type === 'Identifier') out.push(p['value'] as string);
    else if (p.type === 'ArrayPattern') walk(p['elements']);
    else if (p.type === 'ObjectPattern') walk(p['properties']);
    else if (p.type === 'AssignmentPatternProperty') walk(p['key']);
    else if (p.type === 'KeyValuePatternProperty') walk(p['value']);
    else if (p.type === 'AssignmentPattern') walk(p['left']);
    else if (p.type === 'RestElement') walk(p['argument']);
  };
  walk(pattern);
  return out;
}

export function memberChain(node: Node, index: (pos: number) => number): MemberChain | undefined {
  const props: MemberChain['props'] = [];
  let current: Node = node;
  while (current.type === 'MemberExpression') {
    const prop = current['property'] as Node;
    if (prop.type !== 'Identifier') return undefined;
    props.unshift({ name: prop['value'] as string, index: index(prop.span!.start) });
    current = current['object'] as Node;
  }
  if (current.type !== 'Identifier') return undefined;
  return { root: current['value'] as string, props };
}
