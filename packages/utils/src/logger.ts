// The one logging contract of every Runbyte package. A package that logs takes an optional Logger and
// is silent without one; nothing writes to stdout (in stdio mode stdout carries JSON-RPC only).

export interface Logger {
  debug(msg: string, data?: object): void;
  info(msg: string, data?: object): void;
  warn(msg: string, data?: object): void;
  error(msg: string, data?: object): void;
}

/** The default of every package: drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
