// Turning MCP tool and server names into TypeScript identifiers.
//
// Rules (documented in the README, keep both in step):
// 1. Accents are removed (é → e); any other non-ASCII letter or digit becomes a word `u<hex code point>`;
//    every other character (`-`, `.`, `/`, spaces, symbols, emoji) separates words.
// 2. Words are also split at case changes (`getHTTPResponse` → get, HTTP, Response) and joined in
//    camelCase: the first word lower-cased, the others capitalised (`getHttpResponse`).
// 3. No words left (empty name, only symbols) → the fallback (`tool`, or `server` for servers).
//    More than 100 characters are cut to 100 (identifiers are file names too).
// 4. A leading digit gets a `_` prefix (`2fa` → `_2fa`); a reserved word gets a `_` suffix
//    (`delete` → `delete_`), as do `index` (the folder's own index file) and the device names Windows
//    reserves as file names (`con`, `nul`, `com1`, ...).
// 5. Collisions (compared case-insensitively, because the identifier is also a file name and some
//    file systems ignore case): the tool whose original name *is* the identifier keeps it, otherwise the
//    first original name in code-unit order keeps it; the others, in code-unit order of their original
//    names, get the smallest numeric suffix from 2 up that is still free (`getUserInfo2`).
// The result depends only on the set of names, never on their order.

const RESERVED_WORDS = new Set([
  // ECMAScript reserved words, strict-mode and module reserved words.
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'new',
  'null',
  'return',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
  'let',
  'static',
  'implements',
  'interface',
  'package',
  'private',
  'protected',
  'public',
  // Cannot be bound in strict code, or shadow values every program relies on.
  'arguments',
  'eval',
  'undefined',
  'NaN',
  'Infinity',
  // The folder's own index file (`index.ts`) would be overwritten by a tool file of that name.
  'index',
  // Device names Windows reserves even with an extension (`con.ts`), for trees copied out to disk.
  'con',
  'prn',
  'aux',
  'nul',
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);

const MAX_IDENTIFIER = 100;

/** Accents and other combining marks, removed after NFKD decomposition (é → e). */
const COMBINING_MARKS = /\p{M}/gu;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const ASCII_ALNUM = /^[A-Za-z0-9]$/;
/** Splits an ASCII run at case changes and before digits: getHTTPResponse2fa → get HTTP Response 2fa. */
const CASE_WORDS = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+[a-z]*/g;

function words(name: string): string[] {
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run) out.push(...(run.match(CASE_WORDS) ?? []));
    run = '';
  };
  for (const ch of name.normalize('NFKD').replace(COMBINING_MARKS, '')) {
    if (ASCII_ALNUM.test(ch)) {
      run += ch;
    } else if (LETTER_OR_DIGIT.test(ch)) {
      // A letter we cannot spell in ASCII: keep it as a unique, reproducible word.
      flush();
      out.push(`u${ch.codePointAt(0)!.toString(16)}`);
    } else {
      flush();
    }
  }
  flush();
  return out;
}

/**
 * The camelCase identifier for one name, before collisions are resolved (rules 1–4 above).
 * `fallback` is used when the name has no letters or digits.
 */
export function toIdentifier(name: string, fallback = 'tool'): string {
  const parts = words(name);
  let id = parts
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()))
    .join('');
  // Identifiers are file names too, and file systems limit those (255 bytes is common).
  if (id.length > MAX_IDENTIFIER) id = id.slice(0, MAX_IDENTIFIER);
  if (!id) id = fallback;
  if (/^[0-9]/.test(id)) id = `_${id}`;
  if (RESERVED_WORDS.has(id)) id = `${id}_`;
  return id;
}

/** Code-unit order: stable across machines and locales (unlike localeCompare). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Unique identifiers for a list of names, in the same order as `names` (rule 5 above).
 * Equal names (a server listing a tool twice) each get their own identifier.
 */
export function assignIdentifiers(names: readonly string[], fallback = 'tool'): string[] {
  const bases = names.map((n) => toIdentifier(n, fallback));
  const order = names.map((_, i) => i).sort((a, b) => compareNames(names[a]!, names[b]!) || a - b);
  const result: (string | undefined)[] = Array.from({ length: names.length }, () => undefined);
  const taken = new Set<string>();

  const groups = new Map<string, number[]>();
  for (const i of order) {
    const key = bases[i]!.toLowerCase();
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  }
  for (const [key, group] of groups) {
    const winner = group.find((i) => names[i] === bases[i]) ?? group[0]!;
    result[winner] = bases[winner];
    taken.add(key);
  }
  for (const i of order) {
    if (result[i] !== undefined) continue;
    let n = 2;
    while (taken.has(`${bases[i]}${n}`.toLowerCase())) n++;
    result[i] = `${bases[i]}${n}`;
    taken.add(result[i]!.toLowerCase());
  }
  return result as string[];
}

/**
 * Safe, unique identifiers for server names, as used by `/servers/index.ts`
 * (`export * as <identifier> from './<server>/index.js'`). Same rules as tool names, fallback `server`.
 */
export function serverIdentifiers(names: readonly string[]): Map<string, string> {
  const unique = [...new Set(names)];
  const ids = assignIdentifiers(unique, 'server');
  return new Map(unique.map((n, i) => [n, ids[i]!]));
}

/** `createIssue` → `CreateIssue`, the prefix of the `CreateIssueArgs`/`CreateIssueResult` re-exports. */
export function typePrefix(identifier: string): string {
  return identifier.charAt(0).toUpperCase() + identifier.slice(1);
}
