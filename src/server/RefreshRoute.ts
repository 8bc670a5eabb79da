import { z } from 'zod';
import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { DiscoveryReport } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import { bearerCheck } from './bearerCheck.js';
import type { CoreRequest } from './core/CoreRequest.js';
import type { BodyResponse } from './core/CoreResponse.js';
import { jsonResponse } from './core/jsonResponse.js';
import { HttpError } from './HttpError.js';
import { isRefreshable, type RefreshableCatalog } from './RefreshableCatalog.js';
import { unknownValueError } from './unknownValueError.js';

/** Options of a {@link RefreshRoute}. */
export interface RefreshRouteOptions {
  adminToken: string;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  clock: Clock;
}

const refreshBody = z.strictObject({ providers: z.array(z.string().min(1)).max(1000).optional() });

/**
 * `POST /v1/models/refresh`: checks the bearer token before reading anything, reads an optional
 * `{ "providers": [...] }`, runs a discovery and answers its report. Concurrent refreshes of the
 * same providers share one discovery. A reader that cannot discover (a read-only view) gets a 501.
 */
export class RefreshRoute {
  readonly #reader: ModelCatalogReader;
  readonly #refresher: RefreshableCatalog | undefined;
  readonly #options: RefreshRouteOptions;
  readonly #authorized: (authorization: string | undefined) => boolean;
  readonly #inFlight = new Map<string, Promise<DiscoveryReport>>();

  constructor(reader: ModelCatalogReader, options: RefreshRouteOptions) {
    this.#reader = reader;
    this.#refresher = isRefreshable(reader) ? reader : undefined;
    this.#options = options;
    this.#authorized = bearerCheck(options.adminToken);
  }

  /** Answers one refresh request; rejects with an {@link HttpError} for a bad one. */
  async handle(request: CoreRequest): Promise<BodyResponse> {
    if (!this.#authorized(request.header('authorization'))) {
      throw new HttpError(401, 'invalid_admin_token', 'send the admin token as "Authorization: Bearer <token>"', {
        headers: { 'www-authenticate': 'Bearer' },
        closeConnection: request.hasBody,
      });
    }
    const refresher = this.#refresher;
    if (refresher === undefined) {
      throw new HttpError(501, 'refresh_unsupported', 'this catalog cannot refresh (its reader has no discoverModels); refresh the catalog it reads from', {
        closeConnection: request.hasBody,
      });
    }
    const body = await request.readBody({ maxBytes: this.#options.maxBodyBytes, timeoutMs: this.#options.bodyTimeoutMs, clock: this.#options.clock });
    const providers = this.#providersOf(body);
    const report = await this.#share(refresher, providers);
    return jsonResponse(200, { ...report, generation: this.#reader.generation });
  }

  #providersOf(body: Uint8Array): string[] | undefined {
    const text = Buffer.from(body).toString('utf8').trim();
    if (text === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'invalid_json', 'the body is not valid JSON; send {"providers": ["name", …]} or nothing');
    }
    const parsed = refreshBody.safeParse(value);
    if (!parsed.success) {
      throw new HttpError(400, 'invalid_body', 'expected {"providers": ["name", …]} (an array of provider names) or no body', {
        param: 'providers',
      });
    }
    const providers = parsed.data.providers;
    if (providers === undefined) return undefined;
    const known = this.#reader.providerStatus().map((status) => status.name);
    const unknown = providers.find((name) => !known.includes(name));
    if (unknown !== undefined) throw unknownValueError('provider', unknown, known, 'providers');
    return providers;
  }

  #share(refresher: RefreshableCatalog, providers: string[] | undefined): Promise<DiscoveryReport> {
    const key = JSON.stringify(providers === undefined ? null : [...new Set(providers)].sort());
    let discovery = this.#inFlight.get(key);
    if (discovery === undefined) {
      discovery = refresher.discoverModels(providers).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, discovery);
    }
    return discovery;
  }
}
