// Fits a JSON value into a byte budget by cutting it structurally, largest values first, so what is left
// is still valid JSON in the same shape, and says what was cut.
import { formatBytes } from '@runbyte/utils';
import type { JsonValue } from './types.js';

type Container = JsonValue[] | { [key: string]: JsonValue };

const MAX_ROUNDS = 500;

function bytes(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value));
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function isContainer(value: JsonValue): value is Container {
  return typeof value === 'object' && value !== null;
}

/**
 * Cuts `excess` bytes (or as many as it can) out of `value`, descending into the largest child while that
 * child alone can absorb the cut. Returns the new value.
 */
function cut(value: JsonValue, excess: number, path: string, notes: string[]): JsonValue {
  if (typeof value === 'string') {
    const keep = Math.max(0, value.length - excess - 40);
    notes.push(`${path} (string cut from ${value.length} to ${keep} characters)`);
    return `${value.slice(0, keep)}…[cut ${value.length - keep} characters]`;
  }
  if (!isContainer(value)) return null;
  const entries: [string | number, JsonValue, number][] = Array.isArray(value)
    ? value.map((v, i) => [i, v, bytes(v)])
    : Object.entries(value).map(([k, v]) => [k, v, bytes(v)]);
  if (entries.length === 0) return value;
  const largest = entries.reduce((a, b) => (b[2] > a[2] ? b : a));
  if (largest[2] > excess + 64 && (isContainer(largest[1]) || typeof largest[1] === 'string')) {
    const replaced = cut(largest[1], excess, childPath(path, largest[0]), notes);
    if (Array.isArray(value)) {
      const copy = value.slice();
      copy[largest[0] as number] = replaced;
      return copy;
    }
    return { ...value, [largest[0]]: replaced };
  }
  if (Array.isArray(value)) {
    // Items of a list are usually alike: keep the first ones, as a page of the list.
    let removed = 0;
    let keep = value.length;
    while (keep > 0 && removed < excess + 48) {
      keep--;
      removed += (entries[keep]?.[2] ?? 0) + 1;
    }
    notes.push(`${path} (kept ${keep} of ${value.length} items)`);
    return [...value.slice(0, keep), `…[cut ${value.length - keep} more items]`];
  }
  const out: { [key: string]: JsonValue } = Object.defineProperties({}, Object.getOwnPropertyDescriptors(value));
  let removed = 0;
  const bySize = entries.slice().sort((a, b) => b[2] - a[2]);
  const cutKeys: string[] = [];
  for (const [key, v, size] of bySize) {
    if (removed >= excess) break;
    const placeholder = `[cut: ${formatBytes(size)}]`;
    if (size <= placeholder.length + 2 && !(typeof v === 'string' && v.startsWith('[cut'))) continue;
    if (typeof v === 'string' && v.startsWith('[cut:')) {
      delete out[key as string];
      removed += size + String(key).length + 4;
    } else {
      // defineProperty, not assignment: a "__proto__" key is data here.
      Object.defineProperty(out, key, { value: placeholder, enumerable: true, writable: true, configurable: true });
      removed += size - placeholder.length - 2;
    }
    cutKeys.push(`${childPath(path, key)} (${formatBytes(size)})`);
  }
  if (cutKeys.length === 0) {
    // Only small values are left: drop keys from the end.
    const keys = Object.keys(out);
    while (keys.length > 0 && removed < excess) {
      const key = keys.pop()!;
      removed += bytes(out[key]!) + key.length + 4;
      delete out[key];
      cutKeys.push(`${childPath(path, key)} (removed)`);
    }
  }
  notes.push(...cutKeys);
  return out;
}

export interface ShrinkOutcome {
  value: JsonValue;
  /** Set when something was cut: what, and how to return less. */
  truncated?: string;
}

/** Returns `value` unchanged when it fits `budget` bytes of JSON, else a smaller value and a note. */
export function shrinkToBudget(value: JsonValue, budget: number): ShrinkOutcome {
  const original = bytes(value);
  if (original <= budget) return { value };
  const notes: string[] = [];
  let current = value;
  let size = original;
  for (let round = 0; round < MAX_ROUNDS && size > budget; round++) {
    const next = cut(current, size - budget, '$', notes);
    const nextSize = bytes(next);
    if (nextSize >= size) break;
    current = next;
    size = nextSize;
  }
  if (size > budget) {
    current = null;
    notes.push('$ (the whole value)');
  }
  const unique = [...new Set(notes)];
  const listed = unique.length > 12 ? [...unique.slice(0, 12), `and ${unique.length - 12} more cuts`] : unique;
  return {
    value: current,
    truncated:
      `The result was ${formatBytes(original)} of JSON, over the ${formatBytes(budget)} result budget, so it was cut: ` +
      `${listed.join('; ')}. To get everything, return less: pick the fields you need, filter or slice arrays, ` +
      `or summarise inside exec() (or save the full data to a file and return its path).`,
  };
}
