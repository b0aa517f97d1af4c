export { silentLogger, type Logger } from '@runbyte/utils';
