import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ModelCommandCompleter } from '../completion/ModelCommandCompleter.js';
import type { ScopedModelsConfig } from '../config/schema.js';
import type { Logger } from '../logging/Logger.js';
import type { ProviderManager } from '../manager/ProviderManager.js';
import type { ModelProvider } from '../providers/ModelProvider.js';
import { ENVIRONMENT_PROVIDERS } from '../providers/providerDefaults.js';
import { TYPES } from '../tokens.js';
import type { CliIo } from './CliIo.js';
import { CliUsageError } from './CliUsageError.js';
import { safeText } from './sanitize.js';

/** The configuration file looked for in the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'scoped-models.config.json';

/** What a command works with; `close()` stops timers and closes the store. */
export interface Session {
  readonly manager: ProviderManager;
  readonly completer: ModelCommandCompleter;
  readonly config: ScopedModelsConfig;
  /** The configured providers' adapters, by name. */
  readonly providers: ReadonlyMap<string, ModelProvider>;
  close(): Promise<void>;
}

/**
 * Builds the container for `--config` (or `./scoped-models.config.json`, or the environment's
 * providers), with warnings sent to stderr, and waits for the stored catalog to load.
 * @throws {ConfigError} for a bad configuration; {@link CliUsageError} when no provider is configured.
 */
export async function openSession(io: CliIo, configOption: string | undefined, logger: Logger = stderrLogger(io)): Promise<Session> {
  const config = configPath(io, configOption);
  // Loaded here, not at the top: commands that open no session (completion, help) never load
  // the container, the schema library, Redis or the HTTP stack.
  const { createContainer } = await import('../container/createContainer.js');
  // The file store: a second run within the refresh interval needs no network.
  const container = createContainer({ env: 'development', environment: io.env, defaultStore: 'file', ...(config === undefined ? {} : { config }) });
  container.rebind<Logger>(TYPES.Logger).toConstantValue(logger);
  const close = (): Promise<void> => container.unbindAllAsync();
  const resolved = container.get<ScopedModelsConfig>(TYPES.Config);
  if (resolved.providers.length === 0) {
    await close();
    throw noProviders(config);
  }
  const manager = container.get<ProviderManager>(TYPES.ProviderManager);
  await manager.ready();
  const adapters = container.getAll<ModelProvider>(TYPES.ModelProvider);
  return {
    manager,
    completer: container.get<ModelCommandCompleter>(TYPES.ModelCommandCompleter),
    config: resolved,
    providers: new Map(adapters.map((provider) => [provider.name, provider])),
    close,
  };
}

/** Opens a session, runs `work` with it and always closes it. */
export async function withSession<T>(
  io: CliIo,
  configOption: string | undefined,
  work: (session: Session) => Promise<T>,
  logger?: Logger,
): Promise<T> {
  const session = await openSession(io, configOption, logger);
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** The configuration file a command reads: `--config` (from the working directory), else `./scoped-models.config.json` when present. */
export function configPath(io: CliIo, option: string | undefined): string | undefined {
  if (option !== undefined) return resolve(io.cwd, option);
  const fallback = resolve(io.cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}

function noProviders(config: string | undefined): CliUsageError {
  if (config !== undefined) {
    return new CliUsageError('no_providers', `${config} configures no providers; add entries to its "providers" list`);
  }
  const variables = [...new Set(ENVIRONMENT_PROVIDERS.flatMap((known) => known.enabledBy))].join(', ');
  return new CliUsageError(
    'no_providers',
    `no providers are configured. Either write ${DEFAULT_CONFIG_FILE} here (or pass --config <file>), ` +
      `e.g. {"providers":[{"name":"openai","type":"openai","apiKeyEnv":"OPENAI_API_KEY"}]}, ` +
      `or set one of ${variables}`,
  );
}

function stderrLogger(io: CliIo): Logger {
  return {
    warn: (message) => io.stderr.write(`scoped-models: warning: ${safeText(message)}\n`),
    info: (message) => io.stderr.write(`scoped-models: ${safeText(message)}\n`),
  };
}
