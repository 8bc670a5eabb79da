import { createHmac, randomBytes } from 'node:crypto';
import type { TenantIdentity } from '../manager/ModelCatalogReader.js';
import { HttpError } from './HttpError.js';

/**
 * A resolver for trying per-tenant serving out (`serve --tenant-header NAME`): the header holds
 * `provider=key` pairs separated by commas (`openai=sk-…,anthropic=sk-ant-…`); a request without
 * it is served the shared catalog. The tenant id is an HMAC of the value under a per-process
 * secret, so neither the id nor any message ever shows a key.
 * @throws {HttpError} 400 `invalid_tenant_header` (without echoing the value) for a malformed value.
 */
export function tenantFromHeader(headerName: string): (value: string | undefined) => TenantIdentity | undefined {
  const secret = randomBytes(32);
  return (value) => {
    if (value === undefined || value.trim() === '') return undefined;
    const keys: Record<string, string> = {};
    for (const pair of value.split(',')) {
      const equals = pair.indexOf('=');
      const provider = pair.slice(0, equals).trim();
      const key = pair.slice(equals + 1).trim();
      if (equals < 1 || provider === '' || key === '' || Object.hasOwn(keys, provider)) {
        throw new HttpError(400, 'invalid_tenant_header', `the ${headerName} header must hold provider=key pairs separated by commas, each provider once`, {
          param: headerName,
        });
      }
      keys[provider] = key;
    }
    return { id: `tenant-${createHmac('sha256', secret).update(value).digest('base64url').slice(0, 22)}`, keys };
  };
}
