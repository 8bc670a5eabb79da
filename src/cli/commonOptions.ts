import type { Command } from 'commander';

/** The options every command takes. */
export interface CommonOptions {
  /** A JSON configuration file; default `./scoped-models.config.json` when present. */
  config?: string;
  /** Print JSON instead of text. */
  json?: boolean;
}

/** Adds `--config <path>` and `--json` to `command`. */
export function withCommonOptions(command: Command): Command {
  return command
    .option('--config <path>', 'a JSON configuration file (default: ./scoped-models.config.json when present, else the providers found in the environment)')
    .option('--json', 'print JSON');
}
