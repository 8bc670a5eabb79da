import { readFileSync } from 'node:fs';
import { parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { ConfigError, type ConfigIssue } from '../errors/ConfigError.js';
import { lineAndColumn, locateIssues } from './locateIssues.js';
import { parseConfig } from './parseConfig.js';
import type { ScopedModelsConfig } from './schema.js';

/**
 * Reads and validates a configuration file: JSON, or JSONC (comments and trailing commas).
 * @throws {ConfigError} when the file cannot be read, cannot be parsed, or has bad fields; the
 * message names the file, and each problem's line and column, provider and field.
 */
export function loadConfig(path: string): ScopedModelsConfig {
  return parseConfigText(readConfigFile(path), path);
}

/** Validates the text of a configuration file (JSON or JSONC); `source` names it in errors. */
export function parseConfigText(text: string, source: string): ScopedModelsConfig {
  const errors: ParseError[] = [];
  const input: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    // The first fault only (the rest follow from it); say where and what, never quote the
    // text around it: it may hold a key.
    throw new ConfigError([syntaxIssue(errors[0] as ParseError, text)], source);
  }
  try {
    return parseConfig(input, source);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw new ConfigError(locateIssues(error.issues, parseTree(text, [], { allowTrailingComma: true }), text, input), source);
  }
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'no such file; check the path given to --config (relative to the working directory), or create it'
        : code === 'EISDIR'
          ? 'is a folder, not a file; pass the configuration file itself'
          : `cannot be read (${code ?? 'unknown error'}); check its permissions`;
    throw new ConfigError([{ path: '', message }], path);
  }
}

function syntaxIssue(error: ParseError, text: string): ConfigIssue {
  return { path: '', message: `not valid JSON: ${describeSyntax(printParseErrorCode(error.error))}`, ...lineAndColumn(text, error.offset) };
}

function describeSyntax(code: string): string {
  const hints: Record<string, string> = {
    PropertyNameExpected: 'expected a field name in double quotes',
    ValueExpected: 'expected a value (a string in double quotes, a number, true, false, null, an object or a list)',
    ColonExpected: 'expected ":" after the field name',
    CommaExpected: 'expected a "," between entries',
    CloseBraceExpected: 'expected "}" to close the object',
    CloseBracketExpected: 'expected "]" to close the list',
    EndOfFileExpected: 'unexpected text after the end of the configuration',
    UnexpectedEndOfString: 'a string is not closed; add the closing double quote',
    InvalidSymbol: 'unexpected character (strings take double quotes, not single ones)',
  };
  return hints[code] ?? code;
}
