import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultCatalogPath } from '../store/defaultCatalogPath.js';
import type { FactsCatalog } from './FactsCatalog.js';
import { parseModelsDev } from './parseModelsDev.js';

/** What `scoped-models catalog update` writes: the fetched models.dev catalog and when it was fetched. */
export interface FetchedCatalogFile {
  /** ms since the epoch. */
  fetchedAt: number;
  /** Where it was fetched from. */
  url: string;
  /** The models.dev catalog as fetched (provider id → `{ models }`). */
  catalog: unknown;
}

/** The fetched catalog beside the stored lists: `<cache dir>/scoped-models/models.dev.json`. */
export function defaultFactsCatalogPath(environment: Readonly<Record<string, string | undefined>>): string {
  return join(dirname(defaultCatalogPath(environment)), 'models.dev.json');
}

/**
 * The fetched catalog at `path`, or `undefined` when there is none or it cannot be read (it is
 * then as if never fetched). Synchronous: it is read once, while a container is being built.
 */
export function readFetchedCatalog(path: string): FactsCatalog | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  return parseFetchedCatalog(text);
}

/** Reads the text of a fetched-catalog file; `undefined` when it is not one. */
export function parseFetchedCatalog(text: string): FactsCatalog | undefined {
  try {
    const file = JSON.parse(text) as Partial<FetchedCatalogFile> | null;
    if (file === null || typeof file !== 'object' || typeof file.fetchedAt !== 'number') return undefined;
    return parseModelsDev(file.catalog, { source: 'fetched', fetchedAt: file.fetchedAt });
  } catch {
    return undefined;
  }
}

/** Writes `file` at `path` whole or not at all (a temporary file renamed over it). */
export async function writeFetchedCatalog(path: string, file: FetchedCatalogFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(file));
  await rename(temporary, path);
}

/** The fetched catalog at `path` (async), or `undefined`. */
export async function loadFetchedCatalog(path: string): Promise<FactsCatalog | undefined> {
  try {
    return parseFetchedCatalog(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** The newer of two catalogs by the date of their facts; on a tie the fetched one. */
export function newestCatalog(bundled: FactsCatalog, fetched: FactsCatalog | undefined): FactsCatalog {
  return fetched !== undefined && fetched.date >= bundled.date ? fetched : bundled;
}
