import type { ProviderStatus } from '../manager/types.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import type { FailureMemory } from './FailureMemory.js';
import { safeText } from './sanitize.js';

/** What {@link staleNotes} decides from. */
export interface StaleInput {
  selected: readonly string[];
  providers: ReadonlyMap<string, ModelProvider>;
  statuses: readonly ProviderStatus[];
  now: number;
  /** The refresh interval: a list older than this is stale. */
  maxAgeMs: number;
  failures?: FailureMemory | undefined;
}

/**
 * One line per selected provider whose list is older than the refresh interval (it failed again,
 * or waits out its back-off), with the list's age and the way to ask again; also one per provider
 * left unasked in its back-off with nothing to show. A fixed list is never stale.
 */
export function staleNotes(input: StaleInput): string[] {
  const statuses = new Map(input.statuses.map((status) => [status.name, status]));
  const notes: string[] = [];
  for (const name of input.selected) {
    const status = statuses.get(name);
    if (status === undefined || !status.available || input.providers.get(name)?.initialModels !== undefined) continue;
    const retryAt = input.failures?.retryAt(name, input.now);
    const waiting = retryAt === undefined ? '' : `; it failed lately, so list asks it again in ${formatAge(retryAt - input.now)}`;
    const success = status.lastSuccessAt?.getTime();
    if (success !== undefined && input.now - success > input.maxAgeMs) {
      notes.push(`${safeText(name)}: showing its list from ${formatAge(input.now - success)} ago, older than the refresh interval (${formatAge(input.maxAgeMs)})${waiting}; run with --refresh to ask now`);
    } else if (success === undefined && retryAt !== undefined) {
      notes.push(`${safeText(name)}: not asked${waiting}; run with --refresh to ask now`);
    }
  }
  return notes;
}

/** `45 s`, `12 min`, `3 h`, `2 d`: an age as a person reads it, rounded down. */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86_400)} d`;
}
