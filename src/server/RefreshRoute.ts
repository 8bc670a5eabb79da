import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ProviderManager } from '../manager/ProviderManager.js';
import type { DiscoveryReport } from '../manager/types.js';
import type { Clock } from '../time/Clock.js';
import { bearerCheck } from './bearerCheck.js';
import { HttpError } from './HttpError.js';
import { hasBody, readBody } from './readBody.js';
import { sendJson } from './respond.js';

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
 * same providers share one discovery.
 */
export class RefreshRoute {
  readonly #manager: ProviderManager;
  readonly #options: RefreshRouteOptions;
  readonly #authorized: (authorization: string | undefined) => boolean;
  readonly #inFlight = new Map<string, Promise<DiscoveryReport>>();

  constructor(manager: ProviderManager, options: RefreshRouteOptions) {
    this.#manager = manager;
    this.#options = options;
    this.#authorized = bearerCheck(options.adminToken);
  }

  /** Answers one refresh request; rejects with an {@link HttpError} for a bad one. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.#authorized(req.headers.authorization)) {
      throw new HttpError(401, 'invalid_admin_token', 'send the admin token as "Authorization: Bearer <token>"', {
        headers: { 'www-authenticate': 'Bearer' },
        closeConnection: hasBody(req),
      });
    }
    const body = await readBody(req, { maxBytes: this.#options.maxBodyBytes, timeoutMs: this.#options.bodyTimeoutMs, clock: this.#options.clock });
    const providers = this.#providersOf(body);
    const report = await this.#share(providers);
    if (!res.destroyed) sendJson(res, 200, { ...report, generation: this.#manager.generation });
  }

  #providersOf(body: Buffer): string[] | undefined {
    const text = body.toString('utf8').trim();
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
    const known = this.#manager.providerNames();
    const unknown = [...new Set(providers)].filter((name) => !known.includes(name));
    if (unknown.length > 0) {
      const list = known.length === 0 ? 'none are configured' : `known providers: ${known.join(', ')}`;
      throw new HttpError(400, 'unknown_provider', `unknown provider ${unknown.map((name) => JSON.stringify(name)).join(', ')}; ${list}`, {
        param: 'providers',
      });
    }
    return providers;
  }

  #share(providers: string[] | undefined): Promise<DiscoveryReport> {
    const key = providers === undefined ? '*' : JSON.stringify([...new Set(providers)].sort());
    let discovery = this.#inFlight.get(key);
    if (discovery === undefined) {
      discovery = this.#manager.discoverModels(providers).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, discovery);
    }
    return discovery;
  }
}
