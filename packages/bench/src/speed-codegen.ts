import { catalogueServers } from './catalogue.js';
import { load } from './runbyte.js';
import { measure } from './stats.js';
import { attempt, type Figure } from './speed.js';

interface CodegenModule {
  generateServer(server: string, tools: unknown[]): Promise<{ files: Record<string, string> }>;
  planServer(server: string, tools: unknown[]): unknown;
}

export interface CodegenFigures {
  catalogue: Figure;
  catalogueTools: number;
  thousandTools: Figure;
  thousandPlan: Figure;
}

export async function measureCodegen(log: (msg: string) => void): Promise<CodegenFigures> {
  const codegen = await load<CodegenModule>('@runbyte/codegen', ['generateServer', 'planServer']);
  const catalogue = catalogueServers(1);
  const thousand = firstTools(1000);
  log('codegen: whole catalogue');
  const whole = await attempt(() =>
    measure(
      3,
      async () => {
        for (const s of catalogue) await codegen.generateServer(s.name, s.tools);
      },
      1,
    ),
  );
  log('codegen: 1,000 tools');
  const thousandTools = await attempt(() =>
    measure(
      1,
      async () => {
        for (const s of thousand) await codegen.generateServer(s.name, s.tools);
      },
      0,
    ),
  );
  const thousandPlan = await attempt(() =>
    measure(
      20,
      async () => {
        for (const s of thousand) codegen.planServer(s.name, s.tools);
      },
      2,
    ),
  );
  return {
    catalogue: whole,
    catalogueTools: catalogue.reduce((n, s) => n + s.tools.length, 0),
    thousandTools,
    thousandPlan,
  };
}

/** Exactly 1,000 tools: the catalogue repeated (github, github-2, ...) and cut at the thousandth tool. */
function firstTools(count: number) {
  const out: { name: string; tools: unknown[] }[] = [];
  let left = count;
  for (const s of catalogueServers(Math.ceil(count / 90))) {
    if (left <= 0) break;
    const tools = s.tools.slice(0, left);
    out.push({ name: s.name, tools });
    left -= tools.length;
  }
  return out;
}
