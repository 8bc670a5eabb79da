/** A stream the CLI writes to, with what it needs to know about the terminal behind it. */
export type CliOutput = NodeJS.WritableStream & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };

/** A stream the CLI reads (the REPL's keyboard). */
export type CliInput = NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };

/**
 * Everything the CLI takes from the process, in one object, so commands can be run in a test
 * with fake streams, environment and working directory.
 */
export interface CliIo {
  readonly stdin: CliInput;
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Where `apiKeyEnv` variables and the config-less providers are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where `./scoped-models.config.json` is looked for. */
  readonly cwd: string;
  /** Calls `listener` on Ctrl-C (SIGINT) instead of the default exit, until the returned function is called. */
  onInterrupt(listener: () => void): () => void;
}

/** The real process's streams, environment, working directory and SIGINT. */
export function processIo(): CliIo {
  // `scoped-models list | head -1`: the reader has gone, which is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(listener) {
      process.on('SIGINT', listener);
      return () => {
        process.off('SIGINT', listener);
      };
    },
  };
}
