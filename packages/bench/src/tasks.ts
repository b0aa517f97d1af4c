// The tasks of the context-economy run: what a traditional client calls, and the search-first Runbyte
// flow (one list_directory query, one execute_code) that does the same work.

export interface DirectCall {
  server: string;
  tool: string;
  args: Record<string, unknown>;
}

export interface TaskDefinition {
  id: 'create-issue' | 'pending-orders' | 'three-servers';
  title: string;
  /** For charts. */
  short: string;
  /** The downstream calls a traditional client makes, in order. */
  direct: DirectCall[];
  /** The search-first flow: one `list_directory` query (`;` between needs), then one `execute_code`. */
  query: string;
  code: string;
}

const ISSUE = {
  owner: 'acme',
  repo: 'webapp',
  title: 'Checkout fails when the cart is empty',
  body: 'Steps: open /checkout with an empty cart. Expected: a message. Actual: HTTP 500.',
  labels: ['bug'],
};
const LISTED = [
  'Checkout fails when the cart is empty',
  'Search results ignore the locale',
  'Password reset link expires too early',
];

export const TASKS: TaskDefinition[] = [
  {
    id: 'create-issue',
    title: 'Create one GitHub issue',
    short: 'Create one GitHub issue',
    direct: [{ server: 'github', tool: 'create_issue', args: ISSUE }],
    query: 'create a github issue',
    code: `import * as github from './servers/github';

export async function exec() {
  const issue = (await github.createIssue({ owner: 'acme', repo: 'webapp', title: 'Checkout fails when the cart is empty', body: 'Steps: open /checkout with an empty cart. Expected: a message. Actual: HTTP 500.', labels: ['bug'] })) as { html_url: string };
  return issue.html_url;
}
`,
  },
  {
    id: 'pending-orders',
    title: 'Fetch 10,000 rows, keep pending orders over 1,000, return a 5-row sample',
    short: 'Pending orders from 10,000 rows',
    direct: [{ server: 'postgres', tool: 'query', args: { sql: 'SELECT * FROM orders' } }],
    query: 'run a sql query',
    code: `import * as postgres from './servers/postgres';

interface Order { id: number; customer: string; status: string; amount: number; created_at: string }

export async function exec() {
  const rows = (await postgres.query({ sql: 'SELECT * FROM orders' })) as Order[];
  const pending = rows.filter((o) => o.status === 'pending' && o.amount > 1000);
  return { scanned: rows.length, matching: pending.length, sample: pending.slice(0, 5) };
}
`,
  },
  {
    id: 'three-servers',
    title: 'List open GitHub issues, record each in memory, post a summary to Slack',
    short: 'GitHub → memory → Slack',
    direct: [
      { server: 'github', tool: 'list_issues', args: { owner: 'acme', repo: 'webapp', state: 'open' } },
      {
        server: 'memory',
        tool: 'create_entities',
        args: {
          entities: LISTED.map((title, i) => ({
            name: `acme/webapp#${1340 + i}`,
            entityType: 'issue',
            observations: [title],
          })),
        },
      },
      {
        server: 'slack',
        tool: 'slack_post_message',
        args: { channel_id: 'C0123456789', text: `3 open issues in acme/webapp: ${LISTED.join('; ')}` },
      },
    ],
    query: 'list github issues; save issues to the knowledge graph; post a slack message',
    code: `import * as github from './servers/github';
import * as memory from './servers/memory';
import * as slack from './servers/slack';

export async function exec() {
  const issues = (await github.listIssues({ owner: 'acme', repo: 'webapp', state: 'open' })) as { number: number; title: string }[];
  await memory.createEntities({ entities: issues.map((i) => ({ name: \`acme/webapp#\${i.number}\`, entityType: 'issue', observations: [i.title] })) });
  await slack.slackPostMessage({ channel_id: 'C0123456789', text: \`\${issues.length} open issues in acme/webapp: \${issues.map((i) => i.title).join('; ')}\` });
  return issues.length;
}
`,
  },
];
