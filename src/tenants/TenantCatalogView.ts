import type { Secret } from '../config/Secret.js';
import { UnknownProviderError } from '../errors/UnknownProviderError.js';
import type { ModelsChangeListener } from '../manager/ModelCatalogReader.js';
import { untilAborted } from '../manager/SharedTask.js';
import type { TenantView } from '../manager/TenantView.js';
import type { DiscoveryReport, ModelQuery, ProviderReport, ProviderStatus, ScopedModelInfo } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import type { CredentialList } from './CredentialList.js';
import type { CredentialSlot, Lineup, Slot } from './Lineup.js';

/** What a view asks of its catalog. */
export interface ViewHost {
  readonly clock: Clock;
  readonly separator: string;
  /** Starts (or joins) the one fetch of `credential` with `key`. */
  fetch(credential: CredentialList, key: Secret): Promise<ProviderReport>;
  /** Resolves once the manager has loaded its store. */
  sharedReady(): Promise<void>;
}

/**
 * One tenant's view: its lineup's lists, plus the keys (as {@link Secret}s) needed to fetch the
 * lineup's credential lists. Cheap: made per request and dropped with it; the keys go with it.
 */
export class TenantCatalogView implements TenantView {
  readonly tenantId: string;
  readonly #lineup: Lineup;
  /** One key per credential slot of the lineup, in the same order. */
  readonly #keys: readonly Secret[];
  readonly #host: ViewHost;

  constructor(tenantId: string, lineup: Lineup, keys: readonly Secret[], host: ViewHost) {
    this.tenantId = tenantId;
    this.#lineup = lineup;
    this.#keys = keys;
    this.#host = host;
  }

  validScopedModels(query?: ModelQuery): readonly string[] {
    this.#fetchDue();
    return this.#lineup.validScopedModels(query);
  }

  modelInfo(scopedId: string): ScopedModelInfo | undefined {
    this.#fetchDue();
    return this.#lineup.modelInfo(scopedId, this.#host.separator);
  }

  providerStatus(): ProviderStatus[] {
    this.#fetchDue();
    return this.#lineup.providerStatus();
  }

  onChange(listener: ModelsChangeListener): () => void {
    return this.#lineup.onChange(listener);
  }

  get generation(): number {
    return this.#lineup.stamp();
  }

  get separator(): string {
    return this.#host.separator;
  }

  async ready(): Promise<void> {
    await this.#host.sharedReady();
    await Promise.all(this.#lineup.credentials.flatMap((slot, index) => this.#due(slot, index) ?? []));
  }

  async discoverModels(providers?: readonly string[], options: { signal?: AbortSignal } = {}): Promise<DiscoveryReport> {
    const { signal } = options;
    signal?.throwIfAborted();
    const known = this.#lineup.slots.map((slot) => slot.name);
    const wanted = providers === undefined ? undefined : new Set(providers);
    const unknown = [...(wanted ?? [])].filter((name) => !known.includes(name));
    if (unknown.length > 0) throw new UnknownProviderError(unknown, known);
    const startedAt = this.#host.clock.now();
    const selected = this.#lineup.slots.filter((slot) => wanted === undefined || wanted.has(slot.name));
    const reports = await Promise.all(selected.map((slot) => this.#discoverOne(slot, signal)));
    return { startedAt: new Date(startedAt), durationMs: this.#host.clock.now() - startedAt, providers: reports };
  }

  #discoverOne(slot: Slot, signal: AbortSignal | undefined): Promise<ProviderReport> {
    if (slot.kind === 'credential') {
      const index = this.#lineup.credentials.indexOf(slot);
      const fetch = this.#host.fetch(this.#lineup.credential(slot), this.#keys[index] as Secret);
      return signal === undefined ? fetch : untilAborted(fetch, signal);
    }
    const models = slot.kind === 'shared' && slot.list.available ? slot.list.scopedIds.length : 0;
    const skipped: ProviderReport = { name: slot.name, status: 'skipped', models, invalid: 0, durationMs: 0, added: [], removed: [] };
    if (slot.kind === 'shared') {
      skipped.code = 'shared';
      skipped.error = `${slot.name}: this tenant sees the shared list, which the manager's discoverModels() refreshes`;
    } else {
      skipped.code = 'no_key';
      skipped.error = slot.reason;
    }
    return Promise.resolve(skipped);
  }

  /** Reads never wait: a missing or stale list, outside its back-off, is fetched in the background. */
  #fetchDue(): void {
    const credentials = this.#lineup.credentials;
    for (let index = 0; index < credentials.length; index++) {
      const { credential } = credentials[index] as CredentialSlot;
      if (credential.due && credential.flight === undefined) void this.#due(credentials[index] as CredentialSlot, index);
    }
  }

  /** The fetch a credential slot needs now: the one in flight, a new one when due, or none. */
  #due(slot: CredentialSlot, index: number): Promise<ProviderReport> | undefined {
    const credential = this.#lineup.credential(slot);
    if (credential.flight !== undefined) return credential.flight;
    return credential.due ? this.#host.fetch(credential, this.#keys[index] as Secret) : undefined;
  }
}
