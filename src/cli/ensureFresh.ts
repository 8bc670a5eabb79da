import type { DiscoveryReport, ProviderStatus } from '../manager/types.js';
import type { ProviderManager } from '../manager/ProviderManager.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import type { FailureMemory } from './FailureMemory.js';

/** What {@link providersToDiscover} decides from. */
export interface FreshnessInput {
  /** The providers the command is about, by name. */
  selected: readonly string[];
  /** The adapters by name: one with `initialModels` is a fixed list, known without the network. */
  providers: ReadonlyMap<string, ModelProvider>;
  statuses: readonly ProviderStatus[];
  /** `--refresh`: discover every selected provider, whatever is known. */
  refresh: boolean;
  now: number;
  /** How old a provider's last success may be and still count as fresh. */
  maxAgeMs: number;
  /** Recent failures: a provider still in its back-off is not asked (unless `refresh`). */
  failures?: FailureMemory | undefined;
}

/** A day: without a configured refresh interval, what the CLI shows may be this old before `list` asks again. */
export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * The selected providers `list` must discover before it prints: with `refresh`, all of them;
 * otherwise those that are usable, not a fixed list, and have no success younger than `maxAgeMs`
 * (with a persisted catalog, a provider loaded from it counts as known).
 */
export function providersToDiscover(input: FreshnessInput): string[] {
  if (input.refresh) return [...input.selected];
  const statuses = new Map(input.statuses.map((status) => [status.name, status]));
  return input.selected.filter((name) => {
    const status = statuses.get(name);
    if (status === undefined || !status.available) return false;
    if (input.providers.get(name)?.initialModels !== undefined) return false;
    if (input.failures?.retryAt(name, input.now) !== undefined) return false;
    const success = status.lastSuccessAt?.getTime();
    return success === undefined || input.now - success > input.maxAgeMs;
  });
}

/**
 * Discovers what {@link providersToDiscover} names, and remembers in `input.failures` which of
 * them failed; `undefined` when everything is fresh.
 */
export async function ensureFresh(
  manager: ProviderManager,
  input: Omit<FreshnessInput, 'statuses'>,
  signal: AbortSignal,
): Promise<DiscoveryReport | undefined> {
  const names = providersToDiscover({ ...input, statuses: manager.providerStatus() });
  if (names.length === 0) return undefined;
  const report = await manager.discoverModels(names, { signal });
  const { failures } = input;
  if (failures !== undefined) {
    for (const provider of report.providers) {
      if (provider.status !== 'skipped') failures.record(provider.name, provider.status === 'ok', input.now);
    }
    failures.save();
  }
  return report;
}
