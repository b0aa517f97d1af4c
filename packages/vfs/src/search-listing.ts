// list_directory with a query: the search index over a snapshot's servers, rebuilt only when a
// server's tools or name change, answered as a Listing whose entries are the hit files.
import { oneLine } from '@runbyte/utils';
import { needsOf, SearchIndex, type SearchDoc } from './search.js';
import { searchText } from './search-render.js';
import type { ServerTree, ServerView } from './tree.js';
import type { DirEntry, Listing } from './types.js';

function availability(view: ServerView): string | undefined {
  const { status, error } = view.state;
  if (status === 'ready') return undefined;
  return `server ${status}${error ? `: ${oneLine(error, 80)}` : ''}`;
}

function docsOf(tree: ServerTree, view: ServerView): SearchDoc[] {
  const byName = new Map(view.state.tools.map((t) => [t.name, t]));
  return tree.plan(view).tools.map((planned) => {
    const tool = byName.get(planned.toolName);
    const title = tool?.title ?? tool?.annotations?.title;
    return {
      server: view.state.name,
      namespace: view.identifier,
      identifier: planned.identifier,
      toolName: planned.toolName,
      title: typeof title === 'string' ? title : undefined,
      description: typeof tool?.description === 'string' ? tool.description : undefined,
      inputSchema: tool?.inputSchema,
      outputSchema: tool?.outputSchema,
      learnedOutput: view.state.learned?.tools[planned.toolName]?.schema,
      summary: planned.summary,
      availability: availability(view),
    };
  });
}

export class SearchCache {
  private cached: { key: string; index: SearchIndex } | undefined;

  constructor(private readonly tree: ServerTree) {}

  index(views: readonly ServerView[]): SearchIndex {
    const key = views.map((v) => `${v.state.name}\u0000${v.key}\u0000${v.state.status}`).join('\u0001');
    if (this.cached?.key !== key) {
      this.cached = { key, index: new SearchIndex(views.flatMap((v) => docsOf(this.tree, v))) };
    }
    return this.cached.index;
  }

  listing(path: string, views: readonly ServerView[], query: string): Listing {
    const index = this.index(views);
    const text = searchText(index, query, path);
    const entries: DirEntry[] = [];
    const seen = new Set<string>();
    for (const need of needsOf(query)) {
      for (const hit of index.search(need)) {
        for (const doc of [hit.doc, ...hit.alsoOn]) {
          const name = `${doc.server}/${doc.identifier}.ts`;
          if (seen.has(name)) continue;
          seen.add(name);
          entries.push(doc.summary ? { name, type: 'file', description: doc.summary } : { name, type: 'file' });
        }
      }
    }
    return { path, entries, text };
  }
}
