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

/** The `server.identifier` of each hit line, in order (folded servers count for the same rank). */
export function searchHits(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.includes(' — ') || l.includes('(import '))
    .map((line) => {
      const fn = /^([A-Za-z0-9_$]+)\.([A-Za-z0-9_$]+)\(/.exec(line);
      const servers = [...line.matchAll(/from "\.\/servers\/([^"]+)"/g)].map((m) => m[1]!);
      return servers.map((s) => `${s}.${fn?.[2]}`);
    });
}
