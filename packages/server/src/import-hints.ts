import type { ImportHints } from '@runbyte/bundler';
import { WORKSPACE_MODULE, type Vfs } from '@runbyte/vfs';

// The bundler's errors in Runbyte's terms: the vfs says what exists under /servers, and these
// sentences say where the agent finds the rest. No real server is named: it may not be configured.
export function importHints(vfs: Vfs): ImportHints {
  return {
    importable: () => vfs.importHelp.importable(),
    explain: (path) => vfs.importHelp.explain(path),
    example: 'import * as name from "./servers/name"',
    instead: `To read and write files in /workspace, import * as fs from "${WORKSPACE_MODULE}".`,
    discovery:
      'Import a server with import * as name from "./servers/name"; list_directory /servers shows the servers, list_directory with a query finds a function.',
  };
}
