// Suggestions come from @runbyte/utils: one scoring rule everywhere.
export { closestMatches as closest, listNames } from '@runbyte/utils';
