import { readFileSync } from 'node:fs';

/** The version in the package's own package.json (two levels above `dist/cli/`), or `unknown`. */
export function packageVersion(): string {
  try {
    const json: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const version = (json as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
