export {
  catalogueDir,
  catalogueServers,
  loadCatalogue,
  loadTools,
  RECORDED_CATALOGUE_DIR,
  type CatalogueTool,
} from './catalogue.js';
export { STRICT_OPTIONS, typecheckFiles } from './typecheck.js';
export { countTokens, TOKENIZER } from './tokens.js';
export { publicApi, type PublicApi } from './public-api.js';
export { SEARCH_INTENTS, searchHits } from './search-intents.js';
export { PASS_THROUGH_SERVER } from './fixtures.js';
