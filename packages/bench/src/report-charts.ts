// The two charts of docs/benchmarks.md, from the same results as the page.
import { economyRows } from './report-economy.js';
import { escapeXml, ms, pct, tokens } from './format.js';
import type { BenchResults } from './results.js';
import { isSkipped, PARALLEL_CALLS, SEQUENTIAL_CALLS, SLOW_MS, type Skipped } from './speed.js';

const ok = <T extends object>(v: T | Skipped): v is T => !isSkipped(v);

// Charts: hand-written SVG, horizontal bars.
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

function svgFrame(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600" fill="#111">${escapeXml(title)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

const COLORS = { traditional: '#c0392b', runbyte: '#1f77b4', peer: '#e69f00', floor: '#7f7f7f', ideal: '#2ca02c' };

export function renderTokenChart(r: BenchResults): string {
  const rows = economyRows(r).filter((e) => e.runbyte);
  const width = 760;
  const left = 250;
  const plot = width - left - 110;
  const max = Math.max(10, ...rows.map((e) => e.traditional.total));
  const lmax = Math.log10(max);
  const x = (v: number) => (Math.log10(Math.max(1, v)) / lmax) * plot;
  const body: string[] = [];
  let y = 50;
  for (const e of rows) {
    body.push(`<text x="16" y="${y + 14}" fill="#111">${escapeXml(e.short)}</text>`);
    body.push(`<text x="16" y="${y + 30}" fill="#555">${e.scale}×: ${e.servers} servers, ${e.tools} tools</text>`);
    for (const [label, value, color] of [
      ['traditional', e.traditional.total, COLORS.traditional],
      ['Runbyte', e.runbyte!.total, COLORS.runbyte],
    ] as const) {
      const w = Math.max(1, x(value));
      body.push(
        `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${color}"><title>${label}: ${tokens(value)} tokens</title></rect>`,
      );
      body.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 12}" fill="#111">${tokens(value)}</text>`);
      y += 20;
    }
    body.push(
      `<text x="${left}" y="${y + 10}" fill="${COLORS.runbyte}" font-weight="600">−${pct(e.reductionPct)}</text>`,
    );
    y += 30;
  }
  body.push(
    `<rect x="${left}" y="${y}" width="12" height="12" fill="${COLORS.traditional}"/><text x="${left + 18}" y="${y + 10}">traditional (all definitions + results)</text>`,
  );
  body.push(
    `<rect x="${left + 260}" y="${y}" width="12" height="12" fill="${COLORS.runbyte}"/><text x="${left + 278}" y="${y + 10}">Runbyte</text>`,
  );
  body.push(
    `<text x="16" y="${y + 32}" fill="#555">${r.tokenizer} tokens, log scale. ${escapeXml(r.date.slice(0, 10))}, ${r.machine.cpus}-core machine.</text>`,
  );
  return svgFrame(width, y + 44, 'Tokens the model reads per task', body);
}

export function renderSpeedChart(r: BenchResults): string {
  const rb = ok(r.runbyte) ? r.runbyte : undefined;
  const floor = ok(r.floor) ? r.floor : undefined;
  const groups: { title: string; bars: [string, number | undefined, string][] }[] = [
    {
      title: `${SEQUENTIAL_CALLS} sequential tool calls`,
      bars: [
        ['direct MCP client (floor)', floor ? floor.perCallInBatch.median * SEQUENTIAL_CALLS : undefined, COLORS.floor],
        [
          'Runbyte, one execution',
          rb && !isSkipped(rb.sequentialExecution) ? rb.sequentialExecution.median : undefined,
          COLORS.runbyte,
        ],
        ['@utcp/code-mode, one execution', r.peer.sequentialExecution?.median, COLORS.peer],
      ],
    },
    {
      title: `Promise.all of ${PARALLEL_CALLS} calls of ${SLOW_MS} ms`,
      bars: [
        ['ideal', SLOW_MS, COLORS.ideal],
        ['Runbyte', rb && !isSkipped(rb.parallel) ? rb.parallel.median : undefined, COLORS.runbyte],
        ['@utcp/code-mode', r.peer.parallel?.median, COLORS.peer],
      ],
    },
    {
      title: 'execute_code of `return 1`',
      bars: [
        ['Runbyte', rb && !isSkipped(rb.return1) ? rb.return1.median : undefined, COLORS.runbyte],
        ['@utcp/code-mode', r.peer.return1?.median, COLORS.peer],
      ],
    },
  ];
  const width = 760;
  const left = 230;
  const plot = width - left - 110;
  const body: string[] = [];
  let y = 50;
  for (const g of groups) {
    body.push(`<text x="16" y="${y + 10}" font-weight="600" fill="#111">${escapeXml(g.title)}</text>`);
    y += 20;
    const max = Math.max(1, ...g.bars.map((b) => b[1] ?? 0));
    for (const [label, value, color] of g.bars) {
      body.push(`<text x="16" y="${y + 12}" fill="#333">${escapeXml(label)}</text>`);
      if (value === undefined) {
        body.push(`<text x="${left}" y="${y + 12}" fill="#999">not measured</text>`);
      } else {
        const w = Math.max(1, (value / max) * plot);
        body.push(`<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="16" fill="${color}"/>`);
        body.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 12}" fill="#111">${escapeXml(ms(value))}</text>`);
      }
      y += 22;
    }
    y += 14;
  }
  body.push(
    `<text x="16" y="${y + 6}" fill="#555">Medians. ${escapeXml(r.date.slice(0, 10))}, ${r.machine.cpus}-core machine; linear scale within each group.</text>`,
  );
  return svgFrame(width, y + 20, 'Speed: Runbyte, @utcp/code-mode and a direct MCP client', body);
}
