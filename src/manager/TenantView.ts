import type { ModelCatalogReader } from './ModelCatalogReader.js';
import type { DiscoveryReport } from './types.js';

/**
 * What one tenant may pick: the shared lists plus the lists of the credentials it holds, never
 * another tenant's. Reads never wait: before its own lists arrive a view answers with what is
 * held and fetches the rest in the background. From `manager.forTenant({ id, keys })`.
 */
export interface TenantView extends ModelCatalogReader {
  /** The tenant's id, as the application gave it. */
  readonly tenantId: string;
  /**
   * Grows with every change of this view's list (by one or more: views of the same keys share
   * one counter, which also moves when a list they do not show changes).
   */
  readonly generation: number;
  /** Resolves once every list the view needs is held and fresh; fetches only what is missing or stale. Never rejects. */
  ready(): Promise<void>;
  /**
   * Fetches the lists of the view's own credentials again (all, or those of the providers named)
   * and reports like the manager: per provider `ok`, `failed` or `skipped` (a shared list, or no key).
   * @throws {UnknownProviderError} for names that are not configured.
   */
  discoverModels(providers?: readonly string[], options?: { signal?: AbortSignal }): Promise<DiscoveryReport>;
}
