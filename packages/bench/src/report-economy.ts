// The context-economy section of docs/benchmarks.md (#8): totals per task and scale, step by step,
// conversation input, search quality.
import type { TaskEconomy } from './economy.js';
import { pct, tokens } from './format.js';
import type { BenchResults } from './results.js';
import { isSkipped } from './speed.js';

export function economyRows(r: BenchResults): TaskEconomy[] {
  return isSkipped(r.economy) ? [] : r.economy;
}

const scaleLabel = (e: TaskEconomy) =>
  `${e.scale}× (${e.servers.toLocaleString('en-US')} servers${e.transport === 'http' ? ', HTTP' : ''})`;

function stepTable(e: TaskEconomy): string[] {
  const rb = e.runbyte!;
  const out = [
    '',
    `Runbyte, step by step: *${e.title}* at ${e.scale}×`,
    '',
    '| step | request tokens | response tokens (text) | `structuredContent` tokens |',
    '| --- | ---: | ---: | ---: |',
    `| tools/list (3 tools) | | ${tokens(rb.toolsList)} | |`,
    `| server instructions | | ${tokens(rb.instructions)} | |`,
  ];
  for (const s of rb.steps) {
    out.push(
      `| \`${s.label}\`${s.ok ? '' : ' (failed)'} | ${tokens(s.requestTokens)} | ${tokens(s.responseTokens)} | ${s.structuredTokens === undefined ? '' : tokens(s.structuredTokens)} |`,
    );
  }
  if (rb.result) out.push('', `\`exec()\` returned: \`${rb.result.split('\n')[0]!.slice(0, 240)}\``);
  return out;
}

export function economySection(r: BenchResults): string[] {
  const out: string[] = ['## Context economy (#8)', ''];
  if (isSkipped(r.economy)) return [...out, `Not measured: ${r.economy.skipped}`, ''];
  const rows = economyRows(r);
  out.push(
    `Tokens counted with \`gpt-tokenizer\`'s **${r.tokenizer}** encoding (GPT-4o and later). The tool definitions are the real \`tools/list\` answers of 11 official MCP servers (\`packages/test-support/catalogue\`), served by the bench's replay MCP server (its \`tools/list\` ${r.replayMatchesCatalogue === true ? 'was checked equal to' : r.replayMatchesCatalogue === false ? 'DIFFERED from' : 'was not compared with'} the recorded files in this run); 10× and 100× are the same catalogue under other names (\`github-2\`, ...), served over Streamable HTTP from one replay process (1,100 Node processes on 2 shared cores would measure the machine).`,
    '',
    'Runbyte uses the search-first flow: one `list_directory` with a `query` (`;` between needs), whose hits carry the import and the full signature, then one `execute_code`. The traditional side loads every definition and makes each downstream call itself.',
    '',
    '![Tokens per task, traditional vs Runbyte (log scale)](benchmarks-tokens.svg)',
    '',
    '| task | scale | traditional: definitions + results | calls | **traditional** | Runbyte: tools/list + instructions | Runbyte: search + execute | calls | **Runbyte** | **fewer tokens** | conversation input, traditional → Runbyte |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const e of rows) {
    const t = e.traditional;
    const rb = e.runbyte;
    out.push(
      `| ${e.title} | ${scaleLabel(e)} | ${tokens(t.definitions)} + ${tokens(t.total - t.definitions)} | ${t.steps.length} | **${tokens(t.total)}** | ${rb ? tokens(rb.toolsList + rb.instructions) : 'n/a'} | ${rb ? tokens(rb.total - rb.toolsList - rb.instructions) : 'n/a'} | ${rb ? rb.steps.length : 'n/a'} | **${rb ? tokens(rb.total) : 'n/a'}** | **${rb ? `−${pct(e.reductionPct, 3)}` : (e.runbyteError ?? 'n/a')}** | ${tokens(t.cumulativeInput)} → ${rb ? tokens(rb.cumulativeInput) : 'n/a'} |`,
    );
  }
  const failed = rows.filter((e) => e.runbyteError);
  for (const e of failed) out.push('', `${e.title} at ${e.scale}×: ${e.runbyteError}`);
  for (const e of rows.filter((x) => x.scale >= 10 && x.runbyte)) out.push(...stepTable(e));
  if (!isSkipped(r.search) && r.search.length) {
    out.push(
      '',
      '### Search quality',
      '',
      `The ${r.search[0]!.intents} paraphrased intents of \`SEARCH_INTENTS\` (\`@runbyte/test-support\`, the set the vfs search test uses), each sent as \`list_directory {query}\` to the same Runbyte over MCP; a hit is the expected function on the first line (hit@1) or among the first three (hit@3).`,
      '',
      '| scale | hit@1 | hit@3 | missed at 3 |',
      '| --- | ---: | ---: | --- |',
      ...r.search.map(
        (q) =>
          `| ${q.scale}× | ${q.hitAt1}/${q.intents} (${pct((100 * q.hitAt1) / q.intents, 0)}) | ${q.hitAt3}/${q.intents} (${pct((100 * q.hitAt3) / q.intents, 0)}) | ${q.misses.join('; ') || 'none'} |`,
      ),
    );
  }
  out.push(
    '',
    'How it is counted:',
    '',
    "- **Traditional**: every tool definition a client loads, as it forwards them to the model (`{name, description, inputSchema}` as compact JSON, bare tool names: a lower bound, since real clients also prefix the server name), plus each tool call the model writes and each result it reads back (the replay server answers like the official servers: GitHub's issue objects, 10,000 rows as pretty-printed JSON as `server-postgres` does).",
    '- **Runbyte**: its `tools/list` (same serialization) and server `instructions`, then every request the model writes and every response text it reads, answered by a real Runbyte over MCP. `structuredContent` is shown for clients that forward it as well as the text and not added to the totals. The answer the model finally writes is the same on both sides and left out.',
    '- **Conversation input**: a conversation of n calls has n + 1 model turns and each turn re-reads everything before it (the fixed text, then every call and result so far): the sum of those contexts, without caching.',
    '',
  );
  return out;
}
