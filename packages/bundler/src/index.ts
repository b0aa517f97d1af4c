export { createBundler } from './bundler.js';
export { BundleError, type BundleErrorCode, type Diagnostic } from './errors.js';
export type {
  Bundle,
  BundleOptions,
  Bundler,
  BundlerOptions,
  BundlerStats,
  ImportHints,
  Logger,
  ModuleSource,
  StandaloneBundle,
  StandaloneOptions,
} from './types.js';
