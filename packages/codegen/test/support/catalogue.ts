import { catalogueDir, loadCatalogue as loadRecorded } from '@runbyte/test-support';
import type { ToolDefinition } from '../../src/index.js';

export const CATALOGUE_DIR = catalogueDir();

/** Every catalogue file as [server name, tools], sorted by file name. */
export function loadCatalogue(): Array<[string, ToolDefinition[]]> {
  return loadRecorded() as Array<[string, ToolDefinition[]]>;
}
