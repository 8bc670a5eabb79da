import type { Command } from 'commander';
import type { ModelQuery, ProviderReport, ScopedModelInfo } from '../../manager/types.js';
import { defaultCatalogPath } from '../../store/defaultCatalogPath.js';
import type { CliDeps } from '../CliDeps.js';
import type { CliIo } from '../CliIo.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { describeProblem } from '../describeReport.js';
import { DEFAULT_MAX_AGE_MS, ensureFresh } from '../ensureFresh.js';
import { EXIT } from '../exitCodes.js';
import { FailureMemory } from '../FailureMemory.js';
import { formatTable } from '../formatTable.js';
import { withSession, type Session } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeJson, safeText } from '../sanitize.js';
import { staleNotes } from '../staleNotes.js';
import { checkCapability, checkProviders } from '../usageChecks.js';
import { withInterrupt } from '../withInterrupt.js';

/** The options of `list`. */
export interface ListOptions extends CommonOptions {
  provider?: string[];
  capability?: string;
  long?: boolean;
  refresh?: boolean;
}

/** Registers `list`: the valid scoped models, discovering first when nothing fresh is known. */
export function registerListCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('list'))
    .description('print the scoped model ids you can pick now, one per line (discovers first when nothing fresh is known)')
    .option('--provider <name...>', 'only the models of these providers')
    .option('--capability <cap>', 'only models with this capability: chat, embedding, image, audio, …')
    .option('--long', 'add display name, context window and capabilities as columns')
    .option('--refresh', 'discover first, whatever is known')
    .action(runAction(deps, (options: ListOptions) => withSession(deps.io, options.config, (session) => list(deps, session, options))));
}

async function list(deps: CliDeps, session: Session, options: ListOptions): Promise<number> {
  const { io } = deps;
  const { manager } = session;
  const capability = options.capability === undefined ? undefined : checkCapability(options.capability);
  const selected = options.provider === undefined ? manager.providerNames() : checkProviders(options.provider, manager.providerNames());
  const skipped = noteUnavailable(io, session, selected);
  const freshness = {
    selected,
    providers: session.providers,
    now: deps.clock.now(),
    maxAgeMs: session.config.discovery.refreshIntervalMs ?? DEFAULT_MAX_AGE_MS,
    failures: failureMemory(io, session),
  };
  const report = await withInterrupt(io, 'discovery', (signal) => ensureFresh(manager, { ...freshness, refresh: options.refresh === true }, signal));
  for (const failed of report?.providers.filter((provider) => provider.status !== 'ok') ?? []) warnFailed(io, failed);
  const stale = staleNotes({ ...freshness, statuses: manager.providerStatus() });
  for (const note of stale) io.stderr.write(`scoped-models: note: ${note}\n`);
  const query: ModelQuery = {};
  if (options.provider !== undefined) query.providers = selected;
  if (capability !== undefined) query.capability = capability;
  const ids = manager.validScopedModels(query);
  const models = ids.map((id) => manager.modelInfo(id)).filter((model): model is ScopedModelInfo => model !== undefined);
  if (options.json === true) io.stdout.write(`${safeJson(options.long === true ? models : ids)}\n`);
  else if (options.long === true) io.stdout.write(`${longTable(models)}\n`);
  else if (ids.length > 0) io.stdout.write(`${ids.map(safeText).join('\n')}\n`);
  if (ids.length > 0) return EXIT.ok;
  if (skipped.length === selected.length && selected.length > 0) {
    io.stderr.write(`scoped-models: nothing to list: every provider was skipped (${skipped.join('; ')})\n`);
    return EXIT.failed;
  }
  const nothingAnswered = report !== undefined && !report.providers.some((provider) => provider.status === 'ok');
  return nothingAnswered || stale.length > 0 ? EXIT.failed : EXIT.ok;
}

/** The failure memory beside the catalog file, when the catalog lives in one. */
function failureMemory(io: CliIo, session: Session): FailureMemory | undefined {
  const { store } = session.config;
  if (store?.type !== 'file') return undefined;
  return FailureMemory.beside(store.path ?? defaultCatalogPath(io.env));
}

/** Notes each selected provider that cannot be used, and returns why, one entry per provider. */
function noteUnavailable(io: CliIo, session: Session, selected: readonly string[]): string[] {
  const skipped: string[] = [];
  for (const status of session.manager.providerStatus()) {
    if (!status.available && selected.includes(status.name)) {
      const problem = describeProblem({ name: status.name, status: 'skipped', error: status.unavailableReason });
      io.stderr.write(`scoped-models: skipped: ${problem}\n`);
      skipped.push(problem);
    }
  }
  return skipped;
}

function warnFailed(io: CliIo, report: ProviderReport): void {
  const kept = report.models > 0 ? ` (showing its last good list of ${report.models})` : '';
  io.stderr.write(`scoped-models: ${report.status}: ${describeProblem(report)}${kept}\n`);
}

function longTable(models: readonly ScopedModelInfo[]): string {
  return formatTable(
    ['ID', 'NAME', 'CONTEXT', 'CAPABILITIES'],
    models.map((model) => [model.id, model.displayName ?? '', model.contextWindow?.toString() ?? '', model.capabilities.join(',')]),
    ['left', 'left', 'right', 'left'],
  );
}
