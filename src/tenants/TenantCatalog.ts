import { LRUCache } from 'lru-cache';
import type { ScopedModelsConfig } from '../config/schema.js';
import { Secret } from '../config/Secret.js';
import { createCatalogEntries } from '../manager/createCatalogEntries.js';
import type { TenantIdentity } from '../manager/ModelCatalogReader.js';
import type { SharedCatalog, TenantViews } from '../manager/SharedCatalog.js';
import type { TenantView } from '../manager/TenantView.js';
import type { ProviderReport } from '../manager/types.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import { TENANT_DEFAULTS } from '../config/schema.js';
import { CredentialFetch } from './CredentialFetch.js';
import { CredentialFingerprints } from './CredentialFingerprints.js';
import { CredentialList } from './CredentialList.js';
import type { KeyedProviderSource } from './keyedProviders.js';
import { Lineup, type LineupHost, type Slot } from './Lineup.js';
import { TenantCatalogView, type ViewHost } from './TenantCatalogView.js';

/** Options of a {@link TenantCatalog}. */
export interface TenantCatalogOptions {
  /** The configuration: each provider's filters and pinned models, `tenants` and `discovery.timeoutMs`. */
  config: ScopedModelsConfig;
  /** The providers tenants may bring keys for, by name. */
  keyed: ReadonlyMap<string, KeyedProviderSource>;
  /** Fingerprints agree across instances under it; default a random secret per process. */
  fingerprintSecret?: Secret | undefined;
}

/**
 * Tenant views over a manager's shared lists: one list per distinct credential, fetched once and
 * shared by every tenant holding that key, held in a bounded LRU by fingerprint (never by key).
 */
export class TenantCatalog implements TenantViews, LineupHost, ViewHost {
  readonly shared: SharedCatalog;
  readonly #config: ScopedModelsConfig;
  readonly #keyed: ReadonlyMap<string, KeyedProviderSource>;
  readonly #fingerprints: CredentialFingerprints;
  readonly #credentials: LRUCache<string, CredentialList>;
  readonly #lineups: LRUCache<string, Lineup>;
  readonly #watched = new Set<Lineup>();
  readonly #fetch: CredentialFetch;
  readonly #unsubscribe: () => void;
  #tick = 0;
  #epoch = 0;

  constructor(shared: SharedCatalog, options: TenantCatalogOptions) {
    this.shared = shared;
    this.#config = options.config;
    this.#keyed = options.keyed;
    this.#fingerprints = new CredentialFingerprints(options.fingerprintSecret);
    const { maxCredentials, ttlMs } = { ...TENANT_DEFAULTS, ...options.config.tenants };
    this.#credentials = new LRUCache<string, CredentialList>({
      max: maxCredentials,
      dispose: (credential) => {
        credential.evict();
        this.#epoch++;
      },
    });
    this.#lineups = new LRUCache<string, Lineup>({ max: maxCredentials });
    this.#fetch = new CredentialFetch({
      clock: shared.clock,
      link: shared.link,
      // Under a random secret a fingerprint means nothing to another instance: keep lists in process.
      sharing: this.#fingerprints.shared && shared.link.store.shared,
      ttlMs,
      timeoutMs: options.config.discovery.timeoutMs,
      changed: (credential) => {
        credential.version = ++this.#tick;
        this.#epoch++;
        this.#checkWatched();
      },
    });
    this.#unsubscribe = shared.onChange(() => this.#checkWatched());
  }

  get clock(): SharedCatalog['clock'] {
    return this.shared.clock;
  }

  get separator(): string {
    return this.shared.separator;
  }

  /** Grows whenever a credential list changes or leaves: lineups look again only then. */
  get epoch(): number {
    return this.#epoch;
  }

  forTenant(tenant: TenantIdentity): TenantView {
    const keys: Secret[] = [];
    const fingerprints: (string | undefined)[] = [];
    let signature = '';
    for (const list of this.shared.lists) {
      const source = this.#keyed.get(list.name);
      const key = source === undefined ? undefined : usableKey(tenant.keys, list.name);
      if (source !== undefined && key !== undefined) {
        const fingerprint = this.#fingerprints.of(list.name, source.baseUrl, key);
        keys.push(new Secret(key));
        fingerprints.push(fingerprint);
        signature += `${fingerprint}\n`;
      } else {
        fingerprints.push(undefined);
        signature += source?.mode === 'required' ? '-\n' : '*\n';
      }
    }
    let lineup = this.#lineups.get(signature);
    if (lineup === undefined) {
      lineup = new Lineup(this.#slots(fingerprints), this);
      this.#lineups.set(signature, lineup);
    } else {
      // A use of the lineup is a use of its credentials: they leave the LRU last.
      for (const slot of lineup.credentials) this.#credentials.get(lineup.credential(slot).ref.fingerprint);
    }
    return new TenantCatalogView(tenant.id, lineup, keys, this);
  }

  fetch(credential: CredentialList, key: Secret): Promise<ProviderReport> {
    credential.flight ??= this.#fetch
      .run(credential, () => (this.#keyed.get(credential.ref.provider) as KeyedProviderSource).withKey(key), key)
      .finally(() => {
        credential.flight = undefined;
      });
    return credential.flight;
  }

  sharedReady(): Promise<void> {
    return this.shared.ready();
  }

  relookup(evicted: CredentialList): CredentialList {
    return this.#credential(evicted.ref.provider, evicted.ref.fingerprint);
  }

  watch(lineup: Lineup, on: boolean): void {
    if (on) this.#watched.add(lineup);
    else this.#watched.delete(lineup);
  }

  async close(): Promise<void> {
    this.#unsubscribe();
    this.#fetch.close();
    const flights = [...this.#credentials.values()].flatMap((credential) => (credential.flight === undefined ? [] : [credential.flight]));
    await Promise.allSettled(flights);
  }

  #slots(fingerprints: readonly (string | undefined)[]): Slot[] {
    return this.shared.lists.map((list, index): Slot => {
      const fingerprint = fingerprints[index];
      if (fingerprint !== undefined) return { kind: 'credential', name: list.name, credential: this.#credential(list.name, fingerprint) };
      if (this.#keyed.get(list.name)?.mode === 'required') {
        return { kind: 'withheld', name: list.name, reason: `${list.name}: needs the tenant's own API key (tenantKeys "required"); none was given` };
      }
      return { kind: 'shared', name: list.name, list };
    });
  }

  /** The held list of a credential, or a new empty one (which may evict the least recently used). */
  #credential(provider: string, fingerprint: string): CredentialList {
    let credential = this.#credentials.get(fingerprint);
    if (credential === undefined) {
      const entry = createCatalogEntries(this.#config, [placeholder(provider)], this.shared.factsCatalog)[0];
      if (entry === undefined) throw new Error(`no catalog entry for ${provider}`);
      credential = new CredentialList({ provider, fingerprint }, entry, ++this.#tick);
      this.#credentials.set(fingerprint, credential);
    }
    return credential;
  }

  #checkWatched(): void {
    for (const lineup of [...this.#watched]) lineup.check((error) => this.#listenerFailed(error));
  }

  #listenerFailed(error: unknown): void {
    this.shared.logger.warn(`a tenant view's onChange listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The key a tenant gave for `provider`, when it gave a usable one (own property, non-blank). */
function usableKey(keys: Readonly<Record<string, string>>, provider: string): string | undefined {
  if (!Object.hasOwn(keys, provider)) return undefined;
  const key = keys[provider];
  return typeof key === 'string' && key.trim() !== '' ? key : undefined;
}

/**
 * Stands for a provider in a credential's entry, which takes its filters and pinned models from
 * the config; lists are fetched through a provider built with the tenant's key, never this one.
 */
function placeholder(name: string): ModelProvider {
  return { name, listModels: () => Promise.reject(new Error(`${name}: a tenant's list is fetched with the tenant's key`)) };
}
