import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The catalog file in the user's cache folder: `$XDG_CACHE_HOME` or `~/.cache` on Linux,
 * `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on Windows; then `scoped-models/catalog.json`.
 */
export function defaultCatalogPath(
  environment: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const base =
    platform === 'win32'
      ? (environment['LOCALAPPDATA'] ?? join(home, 'AppData', 'Local'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches')
        : environment['XDG_CACHE_HOME'] || join(home, '.cache');
  return join(base, 'scoped-models', 'catalog.json');
}
