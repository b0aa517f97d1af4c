// The text of a search answer. Every line is read by the model on every later turn of the conversation,
// so it holds what writing the call needs and nothing twice: the best hit per need with its full
// signature and summary, close runner-ups as a name and a few words (read_file has their signature),
// copies of the function on other servers as a compact name list, and the import path only where it
// is not `./servers/<namespace>` (the instructions state that rule once).
import { oneLine } from '@runbyte/utils';
import { needsOf, signatureOf, type SearchDoc, type SearchHit, type SearchIndex } from './search.js';

/** Words of the best hit's summary, and of a runner-up's. */
const SUMMARY_WORDS = 10;
const RUNNER_UP_WORDS = 8;
/** Server names (or `a-2…a-9` runs) named for a folded function before a count of the rest. */
const FOLD_NAMES = 4;

/** The first `max` words of a summary, without its closing full stop. */
export function shortSummary(summary: string, max: number): string {
  const words = oneLine(summary, 400).replace(/\.$/, '').split(' ');
  return words.length > max ? `${words.slice(0, max).join(' ')}…` : words.join(' ');
}

/** `github-2, github-3, …, github-10` as `github-2…github-10`: copies of a server are usually numbered. */
export function compactNames(names: readonly string[]): Array<{ text: string; count: number }> {
  const parsed = names.map((name) => {
    const m = /^(.*?)([1-9]\d*)$/.exec(name);
    return m ? { name, base: m[1]!, n: Number(m[2]) } : { name, base: name, n: -1 };
  });
  parsed.sort((a, b) => a.base.localeCompare(b.base) || a.n - b.n);
  const out: Array<{ text: string; count: number }> = [];
  for (let i = 0; i < parsed.length;) {
    const first = parsed[i]!;
    let j = i;
    while (first.n >= 0 && parsed[j + 1]?.base === first.base && parsed[j + 1]!.n === parsed[j]!.n + 1) j++;
    if (j - i >= 2) out.push({ text: `${first.name}…${parsed[j]!.name}`, count: j - i + 1 });
    else for (let k = i; k <= j; k++) out.push({ text: parsed[k]!.name, count: 1 });
    i = j + 1;
  }
  return out;
}

function nameList(docs: readonly SearchDoc[]): string {
  const names = compactNames(docs.map((d) => d.server));
  const shown = names.slice(0, FOLD_NAMES).map((n) => n.text);
  const rest = names.slice(FOLD_NAMES).reduce((sum, n) => sum + n.count, 0);
  return rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.join(', ');
}

/** Where the hit's namespace is imported from, when that is not `./servers/<namespace>`. */
function fromPath(doc: SearchDoc): string {
  return doc.namespace === doc.server ? '' : ` (from "./servers/${doc.server}")`;
}

function availabilityNote(doc: SearchDoc): string {
  return doc.availability ? ` [${doc.availability}]` : '';
}

/** Copies on other servers: named, with the ones that are not ready named apart. */
function foldNote(hit: SearchHit): string {
  if (hit.alsoOn.length === 0) return '';
  const ready = hit.alsoOn.filter((d) => !d.availability);
  const down = hit.alsoOn.filter((d) => d.availability);
  const parts = [];
  if (ready.length) parts.push(`same on ${nameList(ready)}`);
  if (down.length) parts.push(`not ready on ${nameList(down)}`);
  return ` (${parts.join('; ')})`;
}

/** The best hit of a need: all a model needs to write the call. */
export function hitLine(hit: SearchHit): string {
  const { doc } = hit;
  const summary = doc.summary ? ` — ${shortSummary(doc.summary, SUMMARY_WORDS)}` : '';
  return `${signatureOf(doc)}${summary}${fromPath(doc)}${foldNote(hit)}${availabilityNote(doc)}`;
}

/** A runner-up: its name and a few words; the model reads its file (or searches its name) to use it. */
export function runnerUpLine(hit: SearchHit): string {
  const { doc } = hit;
  const summary = doc.summary ? ` — ${shortSummary(doc.summary, RUNNER_UP_WORDS)}` : '';
  return `  or ${doc.namespace}.${doc.identifier}${summary}${fromPath(doc)}${availabilityNote(doc)}`;
}

/** `;` separates needs, answered in order: each block starts with its best hit (or a line saying there is
 * none) and goes on with indented runner-ups, so no heading has to repeat the need. */
export function searchText(index: SearchIndex, query: string, scope: string): string {
  const needs = needsOf(query);
  if (needs.length === 0) return `Empty query: describe what you want to do, e.g. "create an issue".`;
  const blocks = needs.map((need) => {
    const hits = index.search(need);
    if (hits.length === 0) {
      const near = index.closest(need);
      const hint = near.length > 0 ? ` Closest names: ${near.join(', ')}.` : '';
      return `No function in ${scope} matches ${JSON.stringify(need)}.${hint} Try other words, or list ${scope}.`;
    }
    const [best, ...rest] = hits;
    return [hitLine(best!), ...rest.map(runnerUpLine)].join('\n');
  });
  return blocks.join('\n');
}
