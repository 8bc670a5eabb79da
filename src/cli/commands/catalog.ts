import type { Command } from 'commander';
import { MODELS_DEV_URL } from '../../facts/modelsDevUrl.js';
import type { CliDeps } from '../CliDeps.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { describeCatalog } from '../describeCatalog.js';
import { EXIT } from '../exitCodes.js';
import { configPath } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeJson, safeText } from '../sanitize.js';
import { withInterrupt } from '../withInterrupt.js';

/**
 * Registers `catalog` (which catalog of model facts is used, and its date) and `catalog update`
 * (fetch the current models.dev catalog into the cache folder; a failed fetch keeps the old one).
 */
// The catalog and the HTTP stack load only when this command runs: every other command starts without them.
export function registerCatalogCommand(program: Command, deps: CliDeps): void {
  const { io } = deps;
  const catalog = withCommonOptions(program.command('catalog'))
    .description('say which catalog of model facts (context, prices, modalities) is used and how current it is')
    .action(
      runAction(deps, async (options: CommonOptions) => {
        // A configuration that turns the catalog off wins over whatever catalog is on disk.
        const config = configPath(io, options.config);
        if (config !== undefined && (await import('../../config/loadConfig.js')).loadConfig(config).metadata?.catalog === false) {
          if (options.json === true) io.stdout.write(`${safeJson({ source: 'off', config })}\n`);
          else io.stdout.write(`${describeCatalog(undefined)}: ${safeText(config)}\n`);
          return EXIT.ok;
        }
        const [{ bundledFactsCatalog }, { defaultFactsCatalogPath, loadFetchedCatalog, newestCatalog }] = await Promise.all([
          import('../../facts/bundledFactsCatalog.js'),
          import('../../facts/fetchedCatalogFile.js'),
        ]);
        const path = defaultFactsCatalogPath(io.env);
        const fetched = await loadFetchedCatalog(path);
        const used = newestCatalog(bundledFactsCatalog(), fetched);
        const summary = { source: used.source, date: used.date, providers: used.providerIds().length, models: used.size, fetchedFile: fetched === undefined ? null : path };
        if (options.json === true) io.stdout.write(`${safeJson(summary)}\n`);
        else {
          io.stdout.write(`${describeCatalog(used)}\n${summary.providers} providers, ${summary.models} models\n`);
          io.stdout.write(fetched === undefined ? 'run "scoped-models catalog update" to fetch the current one\n' : `fetched file: ${safeText(path)}\n`);
        }
        return EXIT.ok;
      }),
    );
  catalog
    .command('update')
    .description(`fetch the current models.dev catalog into the cache folder (used when newer than the bundled one)`)
    .option('--url <url>', 'where to fetch it from', MODELS_DEV_URL)
    .action(
      runAction(deps, async (options: { url: string }) => {
        const [{ bundledFactsCatalog }, { defaultFactsCatalogPath, newestCatalog }, { proxyDispatcher }, { updateFactsCatalog }] = await Promise.all([
          import('../../facts/bundledFactsCatalog.js'),
          import('../../facts/fetchedCatalogFile.js'),
          import('../../http/proxyDispatcher.js'),
          import('../../facts/updateFactsCatalog.js'),
        ]);
        const path = defaultFactsCatalogPath(io.env);
        const updated = await withInterrupt(io, 'catalog update', (signal) => updateFactsCatalog({ path, url: options.url, signal, clock: deps.clock, dispatcher: proxyDispatcher(io.env) }));
        const used = newestCatalog(bundledFactsCatalog(), updated);
        io.stdout.write(`fetched ${updated.size} models of ${updated.providerIds().length} providers, facts as of ${updated.date}, into ${safeText(path)}\n`);
        if (used !== updated) io.stdout.write(`the bundled catalog is newer (facts as of ${used.date}) and stays in use\n`);
        return EXIT.ok;
      }),
    );
}
