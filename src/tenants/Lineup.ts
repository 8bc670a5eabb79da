import { buildValidList } from '../manager/buildValidList.js';
import type { ModelsChangeListener } from '../manager/ModelCatalogReader.js';
import { ALL_MODELS_KEY, queryKey } from '../manager/queryKey.js';
import { splitScopedId } from '../manager/scopedId.js';
import type { ProviderList, SharedCatalog } from '../manager/SharedCatalog.js';
import type { ModelQuery, ModelsChange, ProviderStatus, ScopedModelInfo } from '../manager/types.js';
import type { CredentialList } from './CredentialList.js';

/** Where one provider's models come from for a tenant. */
export type Slot =
  | { kind: 'shared'; name: string; list: ProviderList }
  | { kind: 'credential'; name: string; credential: CredentialList }
  | { kind: 'withheld'; name: string; reason: string };

/** A slot whose credential list may be replaced when the bounded cache lets it go. */
export type CredentialSlot = Extract<Slot, { kind: 'credential' }>;

/** Distinct queries whose lists one lineup keeps; past this they are all dropped and rebuilt on demand. */
const MAX_QUERIES = 64;

/** What a lineup asks of the catalog that holds it. */
export interface LineupHost {
  readonly shared: SharedCatalog;
  /** Grows whenever a credential list changes or leaves. */
  readonly epoch: number;
  /** The current list of a credential that was evicted: a held one, or a new empty one. */
  relookup(evicted: CredentialList): CredentialList;
  /** Starts or stops telling this lineup about changes. */
  watch(lineup: Lineup, on: boolean): void;
}

/**
 * One composition of lists, per provider in scoped-id order: the shared list, a credential's
 * list, or nothing. Tenants with the same keys share one lineup, so its lists are built once
 * and a repeated read returns the same frozen array until a list it shows changes.
 */
export class Lineup {
  readonly slots: readonly Slot[];
  /** The credential slots, in provider order: each view holds the keys for them in this order. */
  readonly credentials: readonly CredentialSlot[];
  readonly #host: LineupHost;
  readonly #byName: ReadonlyMap<string, Slot>;
  readonly #listeners = new Set<ModelsChangeListener>();
  #stamp = -1;
  #epoch = -1;
  #sharedGeneration = -1;
  #all: readonly string[] | undefined;
  readonly #queries = new Map<string, readonly string[]>();
  /** The list listeners were last told about. */
  #announced: readonly string[] = [];

  constructor(slots: readonly Slot[], host: LineupHost) {
    this.slots = slots;
    this.credentials = slots.filter((slot): slot is CredentialSlot => slot.kind === 'credential');
    this.#host = host;
    this.#byName = new Map(slots.map((slot) => [slot.name, slot]));
  }

  /**
   * The shared generation plus each credential's version: every part only grows, and an evicted
   * credential's successor starts higher, so this grows with each change and never repeats.
   */
  stamp(): number {
    let stamp = this.#host.shared.generation;
    for (const slot of this.credentials) stamp += this.credential(slot).version;
    return stamp;
  }

  /** The slot's credential list, looked up again if the cache let it go. */
  credential(slot: CredentialSlot): CredentialList {
    if (slot.credential.evicted) slot.credential = this.#host.relookup(slot.credential);
    return slot.credential;
  }

  validScopedModels(query?: ModelQuery): readonly string[] {
    // The hot path: two numbers compared; the stamp is summed only after something changed somewhere.
    if (this.#epoch !== this.#host.epoch || this.#sharedGeneration !== this.#host.shared.generation) this.#restamp();
    if (query === undefined) return (this.#all ??= buildValidList(this.#present(), undefined));
    const key = queryKey(query);
    if (key === ALL_MODELS_KEY) return (this.#all ??= buildValidList(this.#present(), undefined));
    let models = this.#queries.get(key);
    if (models === undefined) {
      if (this.#queries.size >= MAX_QUERIES) this.#queries.clear();
      models = buildValidList(this.#present(), query);
      this.#queries.set(key, models);
    }
    return models;
  }

  modelInfo(scopedId: string, separator: string): ScopedModelInfo | undefined {
    const parts = splitScopedId(scopedId, separator);
    const slot = parts === undefined ? undefined : this.#byName.get(parts.provider);
    if (parts === undefined || slot === undefined) return undefined;
    const list = this.#listOf(slot);
    return list?.available === true ? list.modelInfo(parts.model) : undefined;
  }

  providerStatus(): ProviderStatus[] {
    return this.slots.map((slot) => {
      if (slot.kind === 'shared') return slot.list.status();
      if (slot.kind === 'credential') return this.credential(slot).status();
      return { name: slot.name, state: 'never', models: 0, available: false, unavailableReason: slot.reason };
    });
  }

  onChange(listener: ModelsChangeListener): () => void {
    if (this.#listeners.size === 0) {
      this.#announced = this.validScopedModels();
      this.#host.watch(this, true);
    }
    this.#listeners.add(listener);
    return () => {
      if (this.#listeners.delete(listener) && this.#listeners.size === 0) this.#host.watch(this, false);
    };
  }

  /** After any list changed: tells listeners when the ids this lineup shows changed. */
  check(onError: (error: unknown) => void): void {
    const before = this.#announced;
    const after = this.validScopedModels();
    if (after === before) return;
    this.#announced = after;
    const old = new Set(before);
    const now = new Set(after);
    const change: ModelsChange = {
      added: after.filter((id) => !old.has(id)),
      removed: before.filter((id) => !now.has(id)),
      generation: this.#stamp,
    };
    if (change.added.length === 0 && change.removed.length === 0) return;
    for (const listener of [...this.#listeners]) {
      try {
        const result = listener(change);
        if (result instanceof Promise) result.catch(onError);
      } catch (error) {
        onError(error);
      }
    }
  }

  #restamp(): void {
    this.#epoch = this.#host.epoch;
    this.#sharedGeneration = this.#host.shared.generation;
    const stamp = this.stamp();
    if (stamp === this.#stamp) return;
    this.#stamp = stamp;
    this.#all = undefined;
    this.#queries.clear();
  }

  #listOf(slot: Slot): ProviderList | undefined {
    if (slot.kind === 'shared') return slot.list;
    return slot.kind === 'credential' ? this.credential(slot).current : undefined;
  }

  #present(): ProviderList[] {
    const lists: ProviderList[] = [];
    for (const slot of this.slots) {
      const list = this.#listOf(slot);
      if (list !== undefined) lists.push(list);
    }
    return lists;
  }
}
