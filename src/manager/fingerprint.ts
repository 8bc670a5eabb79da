import { createHash } from 'node:crypto';
import type { ProviderConfig } from '../config/schema.js';

/**
 * A short hash of what decides a provider's list: type, preset, base URL, a hash of the key and
 * of the headers, and the filters. Never the key itself. A stored list is used only by a
 * provider with the same fingerprint, so changing a provider's config hides its old entry.
 */
export function providerFingerprint(name: string, config: ProviderConfig | undefined): string {
  if (config === undefined) return hash(JSON.stringify({ custom: name }));
  const headers = Object.entries(config.headers ?? {})
    .map(([header, value]) => [header.toLowerCase(), value.reveal()])
    .sort();
  return hash(
    JSON.stringify({
      type: config.type,
      preset: config.preset ?? null,
      baseUrl: config.baseUrl ?? null,
      key: config.apiKey === undefined ? null : hash(config.apiKey.reveal()),
      headers: headers.length === 0 ? null : hash(JSON.stringify(headers)),
      include: config.include ?? null,
      exclude: config.exclude ?? null,
    }),
  );
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
