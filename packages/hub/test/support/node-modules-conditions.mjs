// Node resolve hook for the test workers. The root vitest config resolves workspace packages through the
// `source` export condition, and vitest hands that condition to Node itself (`--conditions source`), so
// dependencies that publish a `source` export (eventsource, eventsource-parser: used by the SDK's HTTP
// and SSE clients) would resolve to TypeScript files Node cannot load. Inside node_modules, drop it.
export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.includes('/node_modules/') && context.conditions.includes('source')) {
    return nextResolve(specifier, { ...context, conditions: context.conditions.filter((c) => c !== 'source') });
  }
  return nextResolve(specifier, context);
}
