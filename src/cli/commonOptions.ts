import type { Command } from 'commander';

/** The options every command takes. */
export interface CommonOptions {
  /** A JSON configuration file; default `./scoped-models.config.json` when present. */
  config?: string;
  /** Print JSON instead of text. */
  json?: boolean;
}

/**
 * Adds `--config <path>` and, unless `json` is false, `--json` to `command`. A command that has
 * no JSON output leaves `--json` out, so commander refuses it rather than ignore it.
 */
export function withCommonOptions(command: Command, options: { json?: boolean } = {}): Command {
  command.option('--config <path>', 'a JSON or JSONC configuration file (default: ./scoped-models.config.json when present, else the providers found in the environment)');
  return options.json === false ? command : command.option('--json', 'print JSON');
}
