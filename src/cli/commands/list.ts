import type { Command } from 'commander';
import type { Capability } from '../../capabilities/Capability.js';
import type { FactsCatalog } from '../../facts/FactsCatalog.js';
import { formatPrice, formatTokens, parseTokenCount } from '../../facts/formatFacts.js';
import type { ModelFactName, ModelQuery, ProviderReport, ScopedModelInfo } from '../../manager/types.js';
import { defaultCatalogPath } from '../../store/defaultCatalogPath.js';
import type { CliDeps } from '../CliDeps.js';
import type { CliIo } from '../CliIo.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { CliUsageError } from '../CliUsageError.js';
import { describeCatalog } from '../describeCatalog.js';
import { describeProblem } from '../describeReport.js';
import { collect, parseSort, sortModels, type ListSort } from '../sortModels.js';
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
  /** Repeatable: models with all of them. */
  capability?: string[];
  /** `200k`, `1m` or a number of tokens. */
  minContext?: string;
  sort?: ListSort;
  long?: boolean;
  refresh?: boolean;
}

/** Registers `list`: the valid scoped models, discovering first when nothing fresh is known. */
export function registerListCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('list'))
    .description('print the scoped model ids you can pick now, one per line (discovers first when nothing fresh is known)')
    .option('--provider <name...>', 'only the models of these providers')
    .option('--capability <cap>', 'only models with this capability: chat, vision, tools, embedding, …; repeat for all of several', collect, undefined)
    .option('--min-context <tokens>', 'only models whose known context window is at least this: 200k, 1m, 128000')
    .option('--sort <order>', 'id (default), context (largest first) or price (cheapest input first)', parseSort)
    .option('--long', 'add name, context window, max output, prices and capabilities as columns')
    .option('--refresh', 'discover first, whatever is known')
    .action(runAction(deps, (options: ListOptions) => withSession(deps.io, options.config, (session) => list(deps, session, options))));
}

async function list(deps: CliDeps, session: Session, options: ListOptions): Promise<number> {
  const { io } = deps;
  const { manager } = session;
  // Checked before anything else runs: a typo is a usage error, never an empty list.
  const capabilities = options.capability?.map(checkCapability) ?? [];
  const query = listQuery(options, capabilities);
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
  const listed = manager.validScopedModels(options.provider === undefined ? query : { ...query, providers: selected });
  const models = sortModels(
    listed.map((id) => manager.modelInfo(id)).filter((model): model is ScopedModelInfo => model !== undefined),
    options.sort ?? 'id',
  );
  const ids = models.map((model) => model.id);
  if (options.json === true) io.stdout.write(`${safeJson(options.long === true ? models : ids)}\n`);
  else if (options.long === true) io.stdout.write(`${longTable(models)}\n${longFooter(manager.factsCatalog, models)}`);
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

/** The query `list`'s options ask for. */
function listQuery(options: ListOptions, capabilities: readonly Capability[]): ModelQuery {
  const query: ModelQuery = {};
  const [first, ...rest] = capabilities;
  if (first !== undefined) query.capability = first;
  if (rest.length > 0) query.capabilities = rest;
  if (options.minContext !== undefined) {
    const tokens = parseTokenCount(options.minContext);
    if (tokens === undefined) throw new CliUsageError('usage', `--min-context takes a number of tokens such as 200k, 1m or 128000, not "${options.minContext}"`);
    query.minContextWindow = tokens;
  }
  return query;
}

function longTable(models: readonly ScopedModelInfo[]): string {
  return formatTable(
    ['ID', 'NAME', 'CONTEXT', 'MAX OUT', '$/M IN', '$/M OUT', 'CAPABILITIES'],
    models.map((model) => [
      model.id,
      model.displayName ?? '',
      typical(model, 'contextWindow', model.contextWindow === undefined ? '' : formatTokens(model.contextWindow)),
      typical(model, 'maxOutputTokens', model.maxOutputTokens === undefined ? '' : formatTokens(model.maxOutputTokens)),
      typical(model, 'pricing', model.pricing === undefined ? '' : formatPrice(model.pricing.input)),
      typical(model, 'pricing', model.pricing === undefined ? '' : formatPrice(model.pricing.output)),
      model.capabilities.join(','),
    ]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** A catalog fact is marked `~` (typical for the model, not said by the provider). */
function typical(model: ScopedModelInfo, fact: ModelFactName, text: string): string {
  return text !== '' && model.sources?.[fact] === 'catalog' ? `~${text}` : text;
}

function longFooter(catalog: FactsCatalog | undefined, models: readonly ScopedModelInfo[]): string {
  const marked = models.some((model) => Object.values(model.sources ?? {}).includes('catalog'));
  return `${marked ? '~ typical: from the catalog, not from the provider\n' : ''}${describeCatalog(catalog)}\n`;
}
