import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';

// undici takes ~100 ms to load: it is loaded only when a proxy is set, so a CLI start stays fast.
const require = createRequire(import.meta.url);

/** The proxy settings found in an environment; `undefined` when none is set. */
export interface ProxySettings {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
}

/**
 * Reads `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (lower-case names first, as curl and
 * undici do). `undefined` when neither proxy variable is set.
 */
export function proxySettings(environment: Readonly<Record<string, string | undefined>>): ProxySettings | undefined {
  const read = (name: string): string => environment[name.toLowerCase()] || environment[name] || '';
  const httpProxy = read('HTTP_PROXY');
  const httpsProxy = read('HTTPS_PROXY');
  if (httpProxy === '' && httpsProxy === '') return undefined;
  return { httpProxy, httpsProxy, noProxy: read('NO_PROXY') };
}

const agents = new Map<string, Dispatcher>();

/**
 * The dispatcher that sends requests through the environment's proxy, or `undefined` for a
 * direct connection. Node's own fetch ignores these variables; undici's agent honours them.
 * One agent per distinct setting is shared, so connections are pooled across providers.
 */
export function proxyDispatcher(environment: Readonly<Record<string, string | undefined>>): Dispatcher | undefined {
  const settings = proxySettings(environment);
  if (settings === undefined) return undefined;
  const key = JSON.stringify(settings);
  let agent = agents.get(key);
  if (agent === undefined) {
    // Every setting is passed explicitly (empty when unset) so the agent never reads process.env itself.
    const { EnvHttpProxyAgent } = require('undici') as typeof import('undici');
    agent = new EnvHttpProxyAgent(settings);
    agents.set(key, agent);
  }
  return agent;
}
