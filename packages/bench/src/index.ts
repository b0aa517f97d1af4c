export { catalogueDir, catalogueNames, catalogueServers, readCatalogue, BenchError } from './catalogue.js';
export type { CatalogueServer, RecordedTool } from './catalogue.js';
export { cannedReply, orderRows, githubIssue } from './canned.js';
export type { CannedResult, Order } from './canned.js';
export { countTokens, countJsonTokens, TOKENIZER } from './tokens.js';
export { summarize, slope } from './stats.js';
export type { Summary } from './stats.js';
