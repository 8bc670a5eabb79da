import { MODELS_DEV_URL } from './modelsDevUrl.js';
import type { Dispatcher } from 'undici';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { HttpClient } from '../http/HttpClient.js';
import type { Clock } from '../time/Clock.js';
import { systemClock } from '../time/Clock.js';
import type { FactsCatalog } from './FactsCatalog.js';
import { parseModelsDev } from './parseModelsDev.js';
import { writeFetchedCatalog } from './fetchedCatalogFile.js';


/** Options of {@link updateFactsCatalog}. */
export interface UpdateFactsCatalogOptions {
  /** Where the fetched catalog is written (see `defaultFactsCatalogPath`). */
  path: string;
  /** Default {@link MODELS_DEV_URL}. */
  url?: string | undefined;
  signal: AbortSignal;
  clock?: Clock | undefined;
  /** The longest the whole fetch may take. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /** An undici dispatcher (a proxy agent, from `HTTPS_PROXY`); default a direct connection. */
  dispatcher?: Dispatcher | undefined;
}

/**
 * Fetches the current models.dev catalog and writes it to `path`. The file is replaced only by
 * a catalog that could be read: a failed fetch or an unreadable answer keeps what was there.
 * @throws {ScopedModelsError} `catalog_fetch_failed` or `catalog_unreadable`.
 */
export async function updateFactsCatalog(options: UpdateFactsCatalogOptions): Promise<FactsCatalog> {
  const clock = options.clock ?? systemClock;
  const url = new URL(options.url ?? MODELS_DEV_URL);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const client = new HttpClient({ provider: 'models.dev', clock, requestTimeoutMs: timeoutMs, retries: 1, maxBodyBytes: 64 * 1024 * 1024, dispatcher: options.dispatcher });
  const fetchedAt = clock.now();
  let body: unknown;
  try {
    ({ body } = await client.getJson({ url, signal: options.signal, deadline: fetchedAt + timeoutMs }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ScopedModelsError('catalog_fetch_failed', `the model catalog could not be fetched (${reason}); the catalog in use is kept`, { cause: error });
  }
  const catalog = parseModelsDev(body, { source: 'fetched', fetchedAt });
  if (catalog === undefined) {
    throw new ScopedModelsError('catalog_unreadable', `${url.origin}${url.pathname} answered no readable model catalog; the catalog in use is kept`);
  }
  await writeFetchedCatalog(options.path, { fetchedAt, url: url.href, catalog: body });
  return catalog;
}

export { MODELS_DEV_URL };
