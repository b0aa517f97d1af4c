// Canned replies of the replay server. Their shapes follow what the official servers return (a single
// text part holding pretty-printed JSON), so the tokens a traditional client would push through the
// model are those of a real answer, not of a stub.

export interface CannedResult {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

export interface Order {
  id: number;
  customer: string;
  status: 'pending' | 'paid' | 'shipped' | 'cancelled';
  amount: number;
  currency: string;
  created_at: string;
}

const STATUSES: Order['status'][] = ['pending', 'paid', 'shipped', 'cancelled'];
const CUSTOMERS = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
];

/** 10,000 deterministic order rows (a linear congruential generator, so every run counts the same tokens). */
export function orderRows(count = 10_000): Order[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const rows: Order[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 1; i <= count; i++) {
    rows.push({
      id: i,
      customer: CUSTOMERS[Math.floor(next() * CUSTOMERS.length)]!,
      status: STATUSES[Math.floor(next() * STATUSES.length)]!,
      amount: Math.round(next() * 2_500_00) / 100,
      currency: 'USD',
      created_at: new Date(start + Math.floor(next() * 300 * 86_400_000)).toISOString(),
    });
  }
  return rows;
}

let ordersText: string | undefined;

function text(value: string): CannedResult {
  return { content: [{ type: 'text', text: value }] };
}

function githubUser(login: string, id: number) {
  return {
    login,
    id,
    node_id: `MDQ6VXNlcj${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: '',
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    followers_url: `https://api.github.com/users/${login}/followers`,
    following_url: `https://api.github.com/users/${login}/following{/other_user}`,
    gists_url: `https://api.github.com/users/${login}/gists{/gist_id}`,
    starred_url: `https://api.github.com/users/${login}/starred{/owner}{/repo}`,
    subscriptions_url: `https://api.github.com/users/${login}/subscriptions`,
    organizations_url: `https://api.github.com/users/${login}/orgs`,
    repos_url: `https://api.github.com/users/${login}/repos`,
    events_url: `https://api.github.com/users/${login}/events{/privacy}`,
    received_events_url: `https://api.github.com/users/${login}/received_events`,
    type: 'User',
    user_view_type: 'public',
    site_admin: false,
  };
}

/** The issue object GitHub's REST API answers to `POST /repos/{owner}/{repo}/issues`, which server-github returns as is. */
export function githubIssue(args: Record<string, unknown>) {
  const owner = typeof args.owner === 'string' ? args.owner : 'acme';
  const repo = typeof args.repo === 'string' ? args.repo : 'webapp';
  const base = `https://api.github.com/repos/${owner}/${repo}`;
  const number = 1347;
  return {
    url: `${base}/issues/${number}`,
    repository_url: base,
    labels_url: `${base}/issues/${number}/labels{/name}`,
    comments_url: `${base}/issues/${number}/comments`,
    events_url: `${base}/issues/${number}/events`,
    html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
    id: 3_456_789_012,
    node_id: 'I_kwDOABCDEF7M2xYz',
    number,
    title: typeof args.title === 'string' ? args.title : 'Untitled',
    user: githubUser('octocat', 583_231),
    labels: (Array.isArray(args.labels) ? args.labels : []).map((name, i) => ({
      id: 208_045_946 + i,
      node_id: `MDU6TGFiZWwyMDgwNDU5N${i}`,
      url: `${base}/labels/${String(name)}`,
      name,
      color: 'd73a4a',
      default: false,
      description: null,
    })),
    state: 'open',
    locked: false,
    assignee: null,
    assignees: [],
    milestone: null,
    comments: 0,
    created_at: '2026-11-25T06:30:00Z',
    updated_at: '2026-11-25T06:30:00Z',
    closed_at: null,
    author_association: 'OWNER',
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    body: typeof args.body === 'string' ? args.body : null,
    closed_by: null,
    reactions: {
      url: `${base}/issues/${number}/reactions`,
      total_count: 0,
      '+1': 0,
      '-1': 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    },
    timeline_url: `${base}/issues/${number}/timeline`,
    performed_via_github_app: null,
    state_reason: null,
  };
}

const ISSUE_TITLES = [
  'Checkout fails when the cart is empty',
  'Search results ignore the locale',
  'Password reset link expires too early',
];

/** One issue of a `list_issues` answer (GitHub's REST shape, as server-github passes it on). */
function listedIssue(args: Record<string, unknown>, title: string, i: number) {
  const issue = githubIssue({ ...args, title, labels: ['bug'] });
  const number = 1340 + i;
  return { ...issue, number, id: 3_456_789_000 + i, html_url: issue.html_url.replace(/\d+$/, String(number)) };
}

/** The reply of one recorded tool; `query` answers 10,000 order rows like server-postgres would. */
export function cannedReply(tool: string, args: Record<string, unknown>): CannedResult {
  if (tool === 'query') {
    ordersText ??= JSON.stringify(orderRows(), null, 2);
    return text(ordersText);
  }
  if (tool === 'create_issue') return text(JSON.stringify(githubIssue(args), null, 2));
  if (tool === 'list_issues')
    return text(
      JSON.stringify(
        ISSUE_TITLES.map((title, i) => listedIssue(args, title, i)),
        null,
        2,
      ),
    );
  if (tool === 'create_entities') {
    const entities = Array.isArray(args.entities) ? args.entities : [];
    return { content: [{ type: 'text', text: JSON.stringify(entities, null, 2) }], structuredContent: { entities } };
  }
  if (tool === 'slack_post_message') {
    const message = {
      type: 'message',
      text: typeof args.text === 'string' ? args.text : '',
      user: 'U024BE7LH',
      ts: '1764660000.000100',
    };
    return text(JSON.stringify({ ok: true, channel: args.channel_id ?? 'C0123456789', ts: message.ts, message }));
  }
  if (tool === 'echo') return text(`Echo: ${typeof args.message === 'string' ? args.message : ''}`);
  return text(JSON.stringify({ ok: true, tool }));
}
