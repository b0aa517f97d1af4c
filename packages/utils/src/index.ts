export { silentLogger, type Logger } from './logger.js';
export { messageOf, errnoCode } from './errors.js';
export { isObject } from './guards.js';
export { formatBytes, plural, oneLine, capText } from './text.js';
export { closestMatches, didYouMean, editDistance, listNames } from './suggest.js';
export { codeFrame } from './frame.js';
export { LineSplitter, jsonRpcIdOf, type LineEvent, type OversizedLine } from './json-lines.js';
export { toolResultValue } from './tool-result.js';
