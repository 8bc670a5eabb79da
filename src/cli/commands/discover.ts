import type { Command } from 'commander';
import type { DiscoveryReport, ProviderReport } from '../../manager/types.js';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { describeProblem } from '../describeReport.js';
import { createProgress } from '../DiscoveryProgress.js';
import { EXIT } from '../exitCodes.js';
import { formatDuration } from '../formatDuration.js';
import { formatTable } from '../formatTable.js';
import { plural } from '../plural.js';
import { withSession, type Session } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeJson } from '../sanitize.js';
import { checkProviders } from '../usageChecks.js';
import { withInterrupt } from '../withInterrupt.js';

/** Registers `discover [provider...]`: asks the providers for their models, with live progress. */
export function registerDiscoverCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('discover'))
    .description('ask the providers (all, or those named) for their models now; Ctrl-C aborts')
    .argument('[provider...]', 'only these providers')
    .option('--accept-empty', 'take an empty answer as real at once (by default one after a non-empty list is held back once)')
    .action(
      runAction(deps, (names: string[], options: DiscoverOptions) =>
        withSession(deps.io, options.config, (session) => discover(deps, session, names, options)),
      ),
    );
}

interface DiscoverOptions extends CommonOptions {
  acceptEmpty?: boolean;
}

async function discover(deps: CliDeps, session: Session, names: string[], options: DiscoverOptions): Promise<number> {
  const { io, clock } = deps;
  const { manager } = session;
  const selected = names.length === 0 ? manager.providerNames() : checkProviders(names, manager.providerNames());
  const progress = options.json === true ? undefined : createProgress(io.stdout, clock);
  const startedAt = clock.now();
  progress?.start(selected);
  let reports: ProviderReport[];
  try {
    reports = await withInterrupt(io, 'discovery', (signal) =>
      Promise.all(
        selected.map(async (name) => {
          const [report] = (await manager.discoverModels([name], { signal, acceptEmpty: options.acceptEmpty === true })).providers as [ProviderReport];
          progress?.finish(report);
          return report;
        }),
      ),
    );
  } finally {
    progress?.stop();
  }
  const report: DiscoveryReport = { startedAt: new Date(startedAt), durationMs: clock.now() - startedAt, providers: reports };
  io.stdout.write(options.json === true ? `${safeJson(report)}\n` : `\n${summary(report)}\n`);
  return reports.some((provider) => provider.status === 'ok') ? EXIT.ok : EXIT.failed;
}

function summary(report: DiscoveryReport): string {
  const table = formatTable(
    ['PROVIDER', 'STATUS', 'MODELS', 'ADDED', 'REMOVED', 'TIME'],
    report.providers.map((p) => [p.name, p.status, String(p.models), String(p.added.length), String(p.removed.length), formatDuration(p.durationMs)]),
    ['left', 'left', 'right', 'right', 'right', 'right'],
  );
  const problems = report.providers.filter((p) => p.status !== 'ok').map((p) => `${p.status}: ${describeProblem(p)}`);
  const ok = report.providers.filter((p) => p.status === 'ok').length;
  const total = report.providers.reduce((sum, p) => sum + p.models, 0);
  const closing = `${ok} of ${plural(report.providers.length, 'provider')} answered; ${plural(total, 'model')} known, in ${formatDuration(report.durationMs)}`;
  return [table, ...(problems.length > 0 ? ['', ...problems] : []), '', closing].join('\n');
}
