export { createRunbyte } from './runbyte.js';
export { serveHttp } from './http.js';
export { serveStdio } from './stdio.js';
export { RunbyteError } from './errors.js';
export { INSTRUCTIONS } from './instructions.js';
