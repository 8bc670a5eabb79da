import type { IncomingMessage } from 'node:http';
import type { Registry } from 'prom-client';
import { ScopedModelsError } from '../errors/ScopedModelsError.js';
import { silentLogger, type Logger } from '../logging/Logger.js';
import type { TenantIdentity } from '../manager/ModelCatalogReader.js';
import { systemClock, type Clock } from '../time/Clock.js';

/**
 * Decides who asks, from the application's own auth: an identity is answered from
 * `reader.forTenant(identity)`, `undefined` from the shared catalog. A thrown error gets a 500.
 */
export type TenantResolver<Request> = (request: Request) => TenantIdentity | undefined | Promise<TenantIdentity | undefined>;

/** Where `/metrics` registers its metrics. */
export interface ModelsMetricsOptions {
  /** The application's registry. Default: one of the handler's own. */
  registry?: Registry | undefined;
}

/** Options of both `createModelsHandler` (Node) and `createModelsFetchHandler` (Web). */
export interface ModelsCoreOptions {
  /**
   * Enables `POST /v1/models/refresh` for requests with `Authorization: Bearer <adminToken>`.
   * Default: none, and the route does not exist (404).
   */
  adminToken?: string | undefined;
  /** A prefix before every route, `/healthz` included, e.g. `/api`. Default `''`. */
  basePath?: string | undefined;
  /** Drives the event-stream heartbeat and the body timeout. Default the system clock. */
  clock?: Clock | undefined;
  /** Milliseconds between heartbeat comments on `/v1/models/events`. Default 15 000. */
  heartbeatMs?: number | undefined;
  /** Largest request body accepted, in bytes; more gets a 413. Default 65 536 (64 KiB). */
  maxBodyBytes?: number | undefined;
  /** Longest wait for a request body, in milliseconds; a slower client gets a 408. Default 10 000. */
  bodyTimeoutMs?: number | undefined;
  /** Event-stream clients served at once; one more gets a 503. Default 1 000. */
  maxEventClients?: number | undefined;
  /** Most items `/v1/models/complete` answers, whatever `limit` asks. Default 100. */
  maxCompletions?: number | undefined;
  /** Where unexpected failures are reported (the client gets a bare 500). Default silent. */
  logger?: Logger | undefined;
  /**
   * Serves `GET /metrics` (Prometheus text, through prom-client) when `true` or given a registry.
   * Default off (404).
   */
  metrics?: boolean | ModelsMetricsOptions | undefined;
}

/** Options of `createModelsHandler`. */
export interface ModelsHandlerOptions extends ModelsCoreOptions {
  /**
   * Serves each tenant from its own view (`reader.forTenant`): `/v1/models`, `/v1/models/{id}`,
   * `/complete` and `/events`, marked `Cache-Control: private`. Default: everyone gets the shared catalog.
   */
  tenant?: TenantResolver<IncomingMessage> | undefined;
}

/** The options with every default filled in, checked. */
export interface ResolvedHandlerOptions {
  adminToken: string | undefined;
  basePath: string;
  clock: Clock;
  heartbeatMs: number;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  maxEventClients: number;
  maxCompletions: number;
  logger: Logger;
  /** `undefined` when `/metrics` is off. */
  metrics: ModelsMetricsOptions | undefined;
}

/**
 * Fills in the defaults and checks every option, so a bad one fails at construction.
 * @throws {ScopedModelsError} `invalid_option`, naming the option.
 */
export function resolveHandlerOptions(options: ModelsCoreOptions, factory = 'createModelsHandler'): ResolvedHandlerOptions {
  const invalid = (name: string, detail: string): ScopedModelsError => new ScopedModelsError('invalid_option', `${factory}: option ${name} ${detail}`);
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value <= 0) throw invalid(name, `must be a positive integer; got ${String(value)}`);
    return value;
  };
  const basePath = options.basePath ?? '';
  if (basePath !== '' && (!basePath.startsWith('/') || basePath.endsWith('/') || /[?#\s]/.test(basePath))) {
    throw invalid('basePath', `must be empty or start with "/" and not end with "/" (e.g. "/api"); got ${JSON.stringify(basePath)}`);
  }
  if (options.adminToken !== undefined && options.adminToken.trim() === '') {
    throw invalid('adminToken', 'must not be empty; leave it out to disable POST /v1/models/refresh');
  }
  return {
    adminToken: options.adminToken,
    basePath,
    clock: options.clock ?? systemClock,
    heartbeatMs: positive('heartbeatMs', options.heartbeatMs, 15_000),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, 64 * 1024),
    bodyTimeoutMs: positive('bodyTimeoutMs', options.bodyTimeoutMs, 10_000),
    maxEventClients: positive('maxEventClients', options.maxEventClients, 1_000),
    maxCompletions: positive('maxCompletions', options.maxCompletions, 100),
    logger: options.logger ?? silentLogger,
    metrics: options.metrics === true ? {} : options.metrics === false ? undefined : options.metrics,
  };
}
