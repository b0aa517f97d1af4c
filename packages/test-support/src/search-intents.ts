// Paraphrased intents over the recorded catalogue, shared by the vfs search test (hit@3 on all, hit@1
// on most) and `pnpm bench` (hit@1 and hit@3 through a real Runbyte over MCP).

/** Paraphrased intents over the recorded catalogue → the function that does it (`server.identifier`). */
export const SEARCH_INTENTS: ReadonlyArray<readonly [intent: string, expected: string]> = [
  ['open a ticket in a repo', 'github.createIssue'],
  ['open a pull request', 'github.createPullRequest'],
  ['convert an address to coordinates', 'google-maps.mapsGeocode'],
  ['remember facts about a person', 'memory.addObservations'],
  ['post a message to a slack channel', 'slack.slackPostMessage'],
  ['reply in a thread', 'slack.slackReplyToThread'],
  ['react with an emoji', 'slack.slackAddReaction'],
  ['search the web', 'brave-search.braveWebSearch'],
  ['find restaurants nearby', 'brave-search.braveLocalSearch'],
  ['take a screenshot of the page', 'puppeteer.puppeteerScreenshot'],
  ['go to a website in the browser', 'puppeteer.puppeteerNavigate'],
  ['run javascript in the browser', 'puppeteer.puppeteerEvaluate'],
  ['run a read-only sql query', 'postgres.query'],
  ['think step by step about a problem', 'sequential-thinking.sequentialthinking'],
  ['read a text file', 'filesystem.readTextFile'],
  ['make a folder', 'filesystem.createDirectory'],
  ['rename a file', 'filesystem.moveFile'],
  ['show the directory tree', 'filesystem.directoryTree'],
  ['merge a pull request', 'github.mergePullRequest'],
  ['comment on an issue', 'github.addIssueComment'],
  ['list recent commits of a branch', 'github.listCommits'],
  ['fork a repository', 'github.forkRepository'],
  ['create a new branch', 'github.createBranch'],
  ['open a merge request on gitlab', 'gitlab.createMergeRequest'],
  ['driving directions between two places', 'google-maps.mapsDirections'],
  ['altitude of a location', 'google-maps.mapsElevation'],
  ['coordinates to street address', 'google-maps.mapsReverseGeocode'],
  ['travel time between several cities', 'google-maps.mapsDistanceMatrix'],
  ['forget a person', 'memory.deleteEntities'],
  ['look up people in the knowledge graph', 'memory.searchNodes'],
  ['link two entities with a relationship', 'memory.createRelations'],
  ['get the members of the slack workspace', 'slack.slackGetUsers'],
  ['message history of a channel', 'slack.slackGetChannelHistory'],
  ['add two numbers', 'everything.getSum'],
  ['search code across github', 'github.searchCode'],
  ['which files changed in a pull request', 'github.getPullRequestFiles'],
  ['edit lines in a file', 'filesystem.editFile'],
  ['type into an input field', 'puppeteer.puppeteerFill'],
];

/** Server names of a `same on a, b-2…b-9 and 3 more` list, the runs spelled out (the counted rest is unnamed). */
function foldedServers(line: string): string[] {
  const list = /\((?:same|not ready) on ([^)]*)\)/.exec(line)?.[1];
  if (!list) return [];
  return list
    .replace(/ and \d+ more$/, '')
    .split(/, |; not ready on /)
    .flatMap((item) => {
      const run = /^(.*?)(\d+)…\1(\d+)$/.exec(item);
      if (!run) return [item];
      const out: string[] = [];
      for (let n = Number(run[2]); n <= Number(run[3]); n++) out.push(`${run[1]}${n}`);
      return out;
    });
}

/**
 * The `server.identifier` of each hit in a search answer, in the order shown: a need's best hit
 * (`ns.fn(args: …) — …`), then its runner-ups (`  or ns.fn — …`). A hit is on `./servers/<ns>` unless
 * it says `(from "./servers/<server>")`; the servers it is folded from count for the same rank.
 */
export function searchHits(text: string): string[][] {
  const hits: string[][] = [];
  for (const line of text.split('\n')) {
    const fn = /^(?: {2}or )?([A-Za-z_$][A-Za-z0-9_$]*)\.([A-Za-z_$][A-Za-z0-9_$]*)(?:\(| |$)/.exec(line);
    if (!fn) continue;
    const server = /\(from "\.\/servers\/([^"]+)"\)/.exec(line)?.[1] ?? fn[1]!;
    hits.push([server, ...foldedServers(line)].map((s) => `${s}.${fn[2]}`));
  }
  return hits;
}
