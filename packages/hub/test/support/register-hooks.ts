import { register } from 'node:module';

register(new URL('./node-modules-conditions.mjs', import.meta.url));
