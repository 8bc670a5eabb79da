/** Where the library reports what a caller cannot see in a return value (outages, ignored files). */
export interface Logger {
  warn(message: string): void;
  info(message: string): void;
}

/** Writes to the console's standard error. */
export const consoleLogger: Logger = {
  warn: (message) => console.warn(`scoped-models: ${message}`),
  info: (message) => console.error(`scoped-models: ${message}`),
};

/** Says nothing; for tests and embedders that log elsewhere. */
export const silentLogger: Logger = { warn: () => {}, info: () => {} };
