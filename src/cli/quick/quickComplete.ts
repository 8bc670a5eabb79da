import { ModelCommandCompleter } from '../../completion/ModelCommandCompleter.js';
import type { ModelQuery } from '../../manager/types.js';
import type { CliIo } from '../CliIo.js';
import { completionOutput, type DescribedModel } from '../completionOutput.js';
import { EXIT } from '../exitCodes.js';
import { safeText } from '../sanitize.js';
import { readCompletionCatalog, type CompletionCatalog, type CompletionModel } from './readCompletionCatalog.js';

/** The arguments of `complete` this path understands. */
interface QuickArgs {
  config?: string;
  json: boolean;
  describe: boolean;
  providers: boolean;
  text?: string;
}

/**
 * `scoped-models complete …` as a shell's Tab runs it, without building the full program: the
 * exit code, or `undefined` when the arguments or the configuration need the full command
 * (help, a bad option, a file to report on, a Redis store).
 */
export async function quickComplete(args: readonly string[], io: CliIo): Promise<number | undefined> {
  const parsed = parseArgs(args);
  if (parsed === undefined || (parsed.text === undefined && !parsed.providers)) return undefined;
  const catalog = readCompletionCatalog(io.env, io.cwd, parsed.config);
  if (catalog === undefined || catalog.providers.length === 0) return undefined;
  if (parsed.providers) {
    if (catalog.providers.length > 0) io.stdout.write(`${catalog.providers.map(safeText).join('\n')}\n`);
    return EXIT.ok;
  }
  const text = parsed.text ?? '';
  const line = text.trimStart().startsWith('/') ? text : `/model ${text}`;
  const byId = new Map(catalog.models.map((model) => [model.id, model]));
  const { items } = new ModelCommandCompleter(catalogReader(catalog)).complete(line);
  const describe = await describer(parsed, items, catalog, io);
  io.stdout.write(completionOutput(items, parsed, (id) => describe(byId.get(id))));
  return EXIT.ok;
}

/** What a line says of a model: for `--describe`, its facts and the catalog's, loaded only then. */
async function describer(parsed: QuickArgs, items: readonly string[], catalog: CompletionCatalog, io: CliIo): Promise<(model: CompletionModel | undefined) => DescribedModel | undefined> {
  if (!parsed.describe || parsed.json || items.length === 0) return () => undefined;
  const { catalogDescriber } = await import('./catalogDescriber.js');
  const describe = catalogDescriber(catalog, io.env);
  return (model) => (model === undefined ? undefined : describe(model));
}

function parseArgs(args: readonly string[]): QuickArgs | undefined {
  const result: QuickArgs = { json: false, describe: false, providers: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] as string;
    if (arg === '--') {
      if (args.length !== i + 2 || result.text !== undefined) return undefined;
      result.text = args[i + 1] as string;
      break;
    }
    if (arg === '--json') result.json = true;
    else if (arg === '--describe') result.describe = true;
    else if (arg === '--providers') result.providers = true;
    else if (arg === '--config' && i + 1 < args.length) result.config = args[++i] as string;
    else if (arg.startsWith('--config=')) result.config = arg.slice('--config='.length);
    else if (arg.startsWith('-') || result.text !== undefined) return undefined;
    else result.text = arg;
  }
  return result;
}

/** The read side the completer needs, over a fixed list. */
function catalogReader(catalog: CompletionCatalog): ConstructorParameters<typeof ModelCommandCompleter>[0] {
  const all = catalog.models.map((model) => model.id);
  return {
    separator: catalog.separator,
    generation: 0,
    validScopedModels: (query?: ModelQuery) => (query?.capability === undefined ? all : catalog.models.filter((model) => has(model, query.capability as string)).map((model) => model.id)),
  };
}

function has(model: CompletionModel, capability: string): boolean {
  return model.capabilities.includes(capability);
}
