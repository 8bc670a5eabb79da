import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { compileModelFilter } from '../../manager/modelFilter.js';
import { ENVIRONMENT_PROVIDERS, firstSet, providerDefaults, type CompatiblePreset, type HttpProviderType } from '../../providers/providerDefaults.js';
import { defaultCatalogPath } from '../../store/defaultCatalogPath.js';

/** One model as completion shows it. */
export interface CompletionModel {
  id: string;
  capabilities: readonly string[];
  /** The configured provider's name; set once the model is scoped. */
  provider?: string | undefined;
  /** The model as the config or the catalog file writes it: what `--describe` reads its facts from. */
  written: unknown;
}

/** What picks a provider's facts in the models.dev catalog (see `catalogProviderId`). */
export interface CompletionProviderKind {
  type: string;
  preset?: CompatiblePreset | undefined;
}

/** What `complete` needs: the usable providers' models, read without the container. */
export interface CompletionCatalog {
  separator: string;
  /** Every configured provider's name, usable or not, in the manager's order (by name and separator). */
  providers: string[];
  /** The usable providers' models, scoped, sorted by id, unique. */
  models: CompletionModel[];
  /** Each provider's type and preset, by name. */
  kinds: ReadonlyMap<string, CompletionProviderKind>;
  /** False when the config turns the models.dev catalog off (`metadata: { catalog: false }`). */
  factsCatalog: boolean;
}

/** The part of a provider entry completion reads; everything else is the full CLI's business. */
interface ProviderEntry {
  name: string;
  type: string;
  preset?: CompatiblePreset | undefined;
  enabled?: boolean | undefined;
  apiKey?: unknown;
  apiKeyEnv?: string | undefined;
  models?: unknown[] | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
}

/**
 * The catalog as `scoped-models complete` shows it, read straight from the configuration file and
 * the file store's catalog file: no schema library, container, store or HTTP stack is loaded, so
 * a shell's Tab costs about a bare Node start. `undefined` when this cannot be decided cheaply
 * (a file that does not parse, a shape it does not expect, a Redis store): the caller then runs
 * the full command, which validates and reports properly.
 */
export function readCompletionCatalog(env: Readonly<Record<string, string | undefined>>, cwd: string, configOption: string | undefined): CompletionCatalog | undefined {
  const configPath = configOption !== undefined ? resolve(cwd, configOption) : existingDefault(cwd);
  const config = configPath === undefined ? environmentConfig(env) : readJsonc(configPath);
  if (!isRecord(config) || !Array.isArray(config['providers'])) return undefined;
  const separator = config['separator'] ?? '/';
  const store = config['store'] ?? {};
  if (typeof separator !== 'string' || !isRecord(store) || (store['type'] !== undefined && store['type'] !== 'file')) return undefined;
  const providers = config['providers'].filter(isProviderEntry);
  if (providers.length !== config['providers'].length) return undefined;

  const storePath = typeof store['path'] === 'string' ? resolve(cwd, store['path']) : defaultCatalogPath(env);
  const stored = storedModels(storePath);
  const models = new Map<string, CompletionModel>();
  for (const provider of providers) {
    if (!usable(provider, env)) continue;
    const keep = compileModelFilter(provider.include, provider.exclude);
    const listed = [...(provider.type === 'static' ? [] : (stored.get(provider.name) ?? [])), ...(provider.models ?? []).map(pinned)];
    for (const model of listed) {
      if (model === undefined || !keep(model.id)) continue;
      const id = `${provider.name}${separator}${model.id}`;
      if (!models.has(id)) models.set(id, { ...model, id, provider: provider.name });
    }
  }
  const sorted = [...models.values()].sort((a, b) => byCodeUnits(a.id, b.id));
  const names = providers.map((provider) => provider.name).sort((a, b) => byCodeUnits(a + separator, b + separator));
  const kinds = new Map(providers.map((provider) => [provider.name, { type: provider.type, preset: provider.preset }]));
  const metadata = config['metadata'];
  return { separator, providers: names, models: sorted, kinds, factsCatalog: !isRecord(metadata) || metadata['catalog'] !== false };
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function existingDefault(cwd: string): string | undefined {
  const path = resolve(cwd, 'scoped-models.config.json');
  return existsSync(path) ? path : undefined;
}

/** The providers a config-less start creates, as the full CLI does. */
function environmentConfig(env: Readonly<Record<string, string | undefined>>): { providers: ProviderEntry[] } {
  return {
    providers: ENVIRONMENT_PROVIDERS.filter((known) => firstSet(env, known.enabledBy) !== undefined).map((known) => ({
      name: known.name,
      type: known.type,
      ...(known.preset === undefined ? {} : { preset: known.preset }),
    })),
  };
}

function readJsonc(path: string): unknown {
  try {
    const errors: ParseError[] = [];
    const value: unknown = parse(readFileSync(path, 'utf8'), errors, { allowTrailingComma: true });
    return errors.length === 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A provider is usable when enabled and, where its type needs a key, one is given or set. */
function usable(provider: ProviderEntry, env: Readonly<Record<string, string | undefined>>): boolean {
  if (provider.enabled === false) return false;
  if (provider.type === 'static' || provider.apiKey !== undefined) return true;
  const defaults = providerDefaults(provider.type as HttpProviderType, provider.preset);
  const names = provider.apiKeyEnv === undefined ? defaults.keyEnv : [provider.apiKeyEnv];
  return !defaults.keyRequired || firstSet(env, names) !== undefined;
}

/**
 * The newest stored list of each provider name. The full CLI matches entries by the provider's
 * fingerprint; completion takes the newest under the name, which is the current one unless the
 * configuration just changed.
 */
function storedModels(path: string): Map<string, CompletionModel[]> {
  const newest = new Map<string, { fetchedAt: number; models: CompletionModel[] }>();
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return new Map();
  }
  const entries = isRecord(file) && isRecord(file['entries']) ? Object.values(file['entries']) : [];
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry['provider'] !== 'string' || typeof entry['fetchedAt'] !== 'number' || !Array.isArray(entry['models'])) continue;
    const known = newest.get(entry['provider']);
    if (known !== undefined && known.fetchedAt >= entry['fetchedAt']) continue;
    const models = entry['models'].map(pinned).filter((model): model is CompletionModel => model !== undefined);
    newest.set(entry['provider'], { fetchedAt: entry['fetchedAt'], models });
  }
  return new Map([...newest].map(([name, { models }]) => [name, models]));
}

/** A model as a config or the catalog file writes it: an id, or `{ id, capabilities?, … }`. */
function pinned(model: unknown): CompletionModel | undefined {
  if (typeof model === 'string') return { id: model, capabilities: CHAT, written: { id: model } };
  if (!isRecord(model) || typeof model['id'] !== 'string') return undefined;
  const capabilities = Array.isArray(model['capabilities']) && model['capabilities'].length > 0 ? model['capabilities'].filter((c): c is string => typeof c === 'string') : CHAT;
  return {
    id: model['id'],
    capabilities,
    written: model,
  };
}

/** A model with no capability data counts as chat, as in the manager. */
const CHAT: readonly string[] = Object.freeze(['chat']);

function isProviderEntry(value: unknown): value is ProviderEntry {
  return isRecord(value) && typeof value['name'] === 'string' && typeof value['type'] === 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
