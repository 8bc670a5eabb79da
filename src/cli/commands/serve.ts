import type { Command } from 'commander';
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../logging/Logger.js';
import type { TenantIdentity } from '../../manager/ModelCatalogReader.js';
import type { DiscoveryReport } from '../../manager/types.js';
import type { RequestLogEntry } from '../../server/startModelsServer.js';
import type { CliDeps } from '../CliDeps.js';
import type { CliIo } from '../CliIo.js';
import { CliUsageError } from '../CliUsageError.js';
import { withCommonOptions, type CommonOptions } from '../commonOptions.js';
import { EXIT } from '../exitCodes.js';
import { withSession, type Session } from '../openSession.js';
import { runAction } from '../runAction.js';
import { safeJsonLine, safeText } from '../sanitize.js';

/** Options of `serve`. */
interface ServeOptions extends CommonOptions {
  port: string;
  host: string;
  adminTokenEnv?: string;
  tenantHeader?: string;
  headersTimeoutMs?: string;
  keepAliveTimeoutMs?: string;
  maxConnections?: string;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Registers `serve`: the HTTP handler on node:http until SIGTERM or Ctrl-C, one log line per request. */
export function registerServeCommand(program: Command, deps: CliDeps): void {
  withCommonOptions(program.command('serve'))
    .description("serve the valid models over HTTP (GET /v1/models in OpenAI's shape, completion, refresh, events, /healthz) until SIGTERM or Ctrl-C")
    .option('--port <port>', 'TCP port to listen on; 0 picks a free one', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option(
      '--admin-token-env <name>',
      'environment variable holding the token that POST /v1/models/refresh requires (default: config.serve.adminTokenEnv; without one the route is off)',
    )
    .option(
      '--tenant-header <name>',
      'serve per tenant, for trying it out: the request header <name> holds provider=key pairs (openai=sk-…,anthropic=sk-ant-…); never logged',
    )
    .option('--headers-timeout-ms <ms>', "how long a connection may take to send a request's headers (default: config.serve.headersTimeoutMs, else 10000)")
    .option('--keep-alive-timeout-ms <ms>', 'how long an idle kept-alive connection stays open (default: config.serve.keepAliveTimeoutMs, else 5000)')
    .option('--max-connections <n>', 'the most connections open at once (default: config.serve.maxConnections, else 1024)')
    .action(
      runAction(deps, (options: ServeOptions) => {
        const log = createLog(deps.io, options.json === true);
        // The manager logs through the same log, so --json output stays all JSON.
        return withSession(deps.io, options.config, (session) => serve(deps, session, options, log), log.logger);
      }),
    );
}

async function serve(deps: CliDeps, session: Session, options: ServeOptions, log: ServeLog): Promise<number> {
  const { io } = deps;
  const port = parsePort(options.port);
  const adminToken = readAdminToken(io, session, options.adminTokenEnv, log);
  // The HTTP stack loads only for the command that serves.
  const [{ createModelsHandler }, { startModelsServer }, { tenantFromHeader }, { withStatusPage }] = await Promise.all([
    import('../../server/createModelsHandler.js'),
    import('../../server/startModelsServer.js'),
    import('../../server/tenantFromHeader.js'),
    import('../../server/statusPage/withStatusPage.js'),
  ]);
  const tenant = tenantOption(options.tenantHeader, tenantFromHeader);
  const handler = withStatusPage(createModelsHandler(session.manager, { adminToken, clock: deps.clock, logger: log.logger, metrics: true, tenant }));
  const bounds = session.config.serve;
  const server = await startModelsServer({
    handler,
    port,
    host: options.host,
    clock: deps.clock,
    onRequest: log.request,
    logger: log.logger,
    headersTimeoutMs: wholeNumber('--headers-timeout-ms', options.headersTimeoutMs) ?? bounds?.headersTimeoutMs,
    keepAliveTimeoutMs: wholeNumber('--keep-alive-timeout-ms', options.keepAliveTimeoutMs) ?? bounds?.keepAliveTimeoutMs,
    maxConnections: wholeNumber('--max-connections', options.maxConnections) ?? bounds?.maxConnections,
  });
  log.event('listening', `listening on ${server.url} (GET / (status page), /v1/models, /v1/models/{id}, /v1/models/complete, /v1/models/events, /healthz, /metrics${adminToken === undefined ? '' : ', POST /v1/models/refresh'})`, { url: server.url });

  // In the background, so the list fills without a first caller waiting for it.
  const discovery = new AbortController();
  session.manager.discoverModels(undefined, { signal: discovery.signal }).then(
    (report) => log.event('discovered', describeDiscovery(report), { providers: report.providers.map(({ name, status, models }) => ({ name, status, models })) }),
    (error: unknown) => {
      if (!discovery.signal.aborted) log.logger.warn(`discovery failed: ${error instanceof Error ? error.message : String(error)}`);
    },
  );

  const signal = await untilStopped(io);
  log.event('stopping', `${signal}: no longer accepting; finishing requests in flight`, { signal });
  discovery.abort();
  await server.close();
  log.event('stopped', 'stopped', {});
  return EXIT.ok;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new CliUsageError('usage', `--port must be a whole number from 0 to 65535, got ${JSON.stringify(text)}`);
  return port;
}

/** The `tenant` option for `--tenant-header`: the header's provider=key pairs make the tenant. */
function tenantOption(
  headerName: string | undefined,
  tenantFromHeader: (name: string) => (value: string | undefined) => TenantIdentity | undefined,
): ((req: IncomingMessage) => TenantIdentity | undefined) | undefined {
  if (headerName === undefined) return undefined;
  if (!HEADER_NAME.test(headerName)) throw new CliUsageError('usage', `--tenant-header must be an HTTP header name, got ${JSON.stringify(headerName)}`);
  const name = headerName.toLowerCase();
  const resolve = tenantFromHeader(name);
  return (req) => {
    const value = req.headers[name];
    return resolve(Array.isArray(value) ? value.join(',') : value);
  };
}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) === 0) throw new CliUsageError('usage', `${flag} must be a whole number above 0, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** The token named by `--admin-token-env`, else by `config.serve.adminTokenEnv`; `undefined` turns refresh off. */
function readAdminToken(io: CliIo, session: Session, flag: string | undefined, log: ServeLog): string | undefined {
  const name = flag ?? session.config.serve?.adminTokenEnv;
  if (name === undefined) return undefined;
  if (!VARIABLE_NAME.test(name)) throw new CliUsageError('usage', `--admin-token-env must name an environment variable, got ${JSON.stringify(name)}`);
  const token = io.env[name]?.trim();
  if (token !== undefined && token !== '') return token;
  const problem = `${name} is not set, so POST /v1/models/refresh is off; set it to the admin token`;
  if (flag !== undefined) throw new CliUsageError('usage', problem);
  log.logger.warn(problem);
  return undefined;
}

/** Resolves with the signal's name at the first SIGINT or SIGTERM; a second one gets the default (immediate) exit. */
function untilStopped(io: CliIo): Promise<'SIGINT' | 'SIGTERM'> {
  return new Promise((resolve) => {
    const stop = (signal: 'SIGINT' | 'SIGTERM'): void => {
      stopInterrupt();
      process.off('SIGTERM', onTerm);
      resolve(signal);
    };
    const onTerm = (): void => stop('SIGTERM');
    const stopInterrupt = io.onInterrupt(() => stop('SIGINT'));
    process.on('SIGTERM', onTerm);
  });
}

function describeDiscovery(report: DiscoveryReport): string {
  const ok = report.providers.filter((provider) => provider.status === 'ok').length;
  const models = report.providers.reduce((sum, provider) => sum + provider.models, 0);
  const problems = report.providers.filter((provider) => provider.status !== 'ok').map((provider) => `${provider.name} ${provider.status}`);
  return `discovery: ${ok} of ${report.providers.length} providers answered, ${models} models, ${report.durationMs} ms${problems.length > 0 ? ` (${problems.join(', ')})` : ''}`;
}

/** Where serve writes: stderr, as text lines or (with --json) one JSON object per line. */
interface ServeLog {
  readonly request: (entry: RequestLogEntry) => void;
  readonly event: (name: string, text: string, fields: Record<string, unknown>) => void;
  readonly logger: Logger;
}

/** One-line JSON in which every control or format character is a `\\uXXXX` escape (JSON.stringify leaves C1 and bidi characters). */
function createLog(io: CliIo, json: boolean): ServeLog {
  const line = (text: string): void => {
    io.stderr.write(`${text}\n`);
  };
  const event = (name: string, text: string, fields: Record<string, unknown>): void =>
    line(json ? safeJsonLine({ event: name, ...fields }) : `scoped-models: ${safeText(text)}`);
  return {
    request: ({ method, path, status, ms }) => {
      const rounded = Math.round(ms * 10) / 10;
      line(json ? safeJsonLine({ method, path, status, ms: rounded }) : `${safeText(method)} ${safeText(path)} ${status} ${rounded} ms`);
    },
    event,
    logger: {
      warn: (message) => event('warning', `warning: ${message}`, { message }),
      info: (message) => event('info', message, { message }),
    },
  };
}
