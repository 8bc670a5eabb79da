import { ProviderError } from '../errors/ProviderError.js';

/** The most pages read from one provider; more means a loop or a runaway list. */
export const MAX_PAGES = 100;

/** One page: its entries and the cursor of the next, `undefined` on the last page. */
export interface Page {
  entries: unknown[];
  next: string | undefined;
}

/**
 * Reads page after page, following the cursor. A repeated cursor or more than
 * {@link MAX_PAGES} pages fails with `bad_response` rather than looping.
 */
export async function collectPages(provider: string, signal: AbortSignal, fetchPage: (cursor: string | undefined) => Promise<Page>): Promise<unknown[]> {
  const entries: unknown[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let pages = 0; ; ) {
    signal.throwIfAborted();
    const page = await fetchPage(cursor);
    pages++;
    entries.push(...page.entries);
    if (page.next === undefined) return entries;
    if (seen.has(page.next)) {
      throw new ProviderError(provider, 'bad_response', 'the provider sent the same page cursor twice; stopped to avoid a loop — try again later');
    }
    if (pages >= MAX_PAGES) {
      throw new ProviderError(provider, 'bad_response', `the list ran past ${MAX_PAGES} pages; stopped — try again later`);
    }
    seen.add(page.next);
    cursor = page.next;
  }
}
