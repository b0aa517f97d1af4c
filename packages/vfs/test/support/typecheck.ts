export { STRICT_OPTIONS, typecheckFiles } from '@runbyte/test-support';
