import type * as esbuild from 'esbuild-wasm';
import type { CompiledEntry } from './compile.js';
import { BundleError, type Diagnostic } from './errors.js';
import type { Graph } from './graph.js';
import type { RawMap } from './transpile.js';
import { codeFrame } from './location.js';
import type { StandaloneBundle, StandaloneOptions } from './types.js';

const NAMESPACE = 'runbyte';
const DEFAULT_GLOBAL = '__runbyte';

// esbuild-wasm runs one service per process, shared by every bundler; the last bundler to let go of
// it stops it.
let holders = 0;
// Imported on first use: ordinary bundles never need esbuild, and its module is not small.
let loaded: Promise<typeof esbuild> | undefined;
const loadEsbuild = (): Promise<typeof esbuild> => (loaded ??= import('esbuild-wasm'));

export function holdEsbuild(): void {
  holders++;
}

export async function releaseEsbuild(): Promise<void> {
  holders = Math.max(0, holders - 1);
  if (holders === 0 && loaded) await (await loaded).stop();
}

/**
 * Bundles an already checked graph into one script with esbuild-wasm, reading every module from
 * memory through a plugin (nothing touches the disk).
 */
export async function buildStandalone(
  entry: CompiledEntry,
  graph: Graph,
  options: StandaloneOptions,
): Promise<StandaloneBundle> {
  const format = options.format ?? 'iife';
  const globalName = options.globalName ?? DEFAULT_GLOBAL;
  const fromNamespace = (path: string): string =>
    path.startsWith(`${NAMESPACE}:`) ? path.slice(NAMESPACE.length + 1) : path;
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    result = await (
      await loadEsbuild()
    ).build({
      entryPoints: [entry.name],
      absWorkingDir: '/',
      outfile: '/standalone.js',
      bundle: true,
      write: false,
      format,
      ...(format === 'iife' ? { globalName } : {}),
      platform: 'neutral',
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: true,
      minify: options.minify ?? false,
      legalComments: 'none',
      logLevel: 'silent',
      charset: 'utf8',
      plugins: [
        {
          name: 'runbyte-modules',
          setup(build: esbuild.PluginBuild) {
            build.onResolve({ filter: /.*/ }, (args) => {
              if (args.kind === 'entry-point') return { path: entry.name, namespace: NAMESPACE };
              const name = graph.links[args.importer]?.[args.path];
              if (name) return { path: name, namespace: NAMESPACE };
              return { errors: [{ text: `Cannot import "${args.path}".` }] };
            });
            build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
              if (args.path === entry.name) return { contents: entry.compiledSource, loader: 'ts' };
              const mod = graph.modules.get(args.path);
              if (!mod) return { errors: [{ text: `Module "${args.path}" is not in the bundle.` }] };
              return { contents: mod.source.text, loader: 'ts' };
            });
          },
        },
      ],
    });
  } catch (error) {
    const failure = error as Partial<esbuild.BuildFailure>;
    const diagnostics: Diagnostic[] = (failure.errors ?? []).map((m) => {
      const file = m.location ? fromNamespace(m.location.file) : entry.name;
      const line = m.location?.line ?? 1;
      const column = (m.location?.column ?? 0) + 1;
      const source = file === entry.name ? entry.source.text : graph.modules.get(file)?.source.text;
      let message = m.text;
      if (/top-level await/i.test(message) && format === 'iife') {
        message += ' Use format "esm" for code with top-level await.';
      }
      return {
        message,
        file,
        line,
        column,
        ...(source !== undefined ? { frame: codeFrame(source, { line, column }) } : {}),
      };
    });
    if (diagnostics.length === 0) {
      diagnostics.push({ message: 'esbuild could not bundle the code.', file: entry.name, line: 1, column: 1 });
    }
    throw new BundleError('STANDALONE_FAILED', diagnostics);
  }
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const mapFile = result.outputFiles.find((f) => f.path.endsWith('.map'));
  const code = (js?.text ?? '').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  const map = JSON.parse(mapFile?.text ?? '{"version":3,"sources":[],"names":[],"mappings":""}') as RawMap;
  map.sources = map.sources.map(fromNamespace);
  if (map.sourcesContent) {
    // The compiled entry has the exec wrapper; show the user's own code.
    map.sourcesContent = map.sources.map((s, i) =>
      s === entry.name ? entry.source.text : (map.sourcesContent?.[i] ?? null),
    );
  }
  return {
    code,
    map: JSON.stringify(map),
    exportName: entry.exportName,
    format,
    ...(format === 'iife' ? { globalName } : {}),
  };
}
