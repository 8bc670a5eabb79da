import { createHmac, randomBytes } from 'node:crypto';
import type { Secret } from '../config/Secret.js';

/**
 * Names a credential without keeping it: HMAC-SHA256 over provider name, base URL and key.
 * Under a random secret (the default) a fingerprint means something in this process only;
 * under a configured one, every instance derives the same fingerprint and can share lists.
 */
export class CredentialFingerprints {
  /** True when the secret was configured, so fingerprints agree across instances. */
  readonly shared: boolean;
  readonly #secret: Buffer;

  constructor(secret?: Secret) {
    this.shared = secret !== undefined;
    this.#secret = secret === undefined ? randomBytes(32) : Buffer.from(secret.reveal(), 'utf8');
  }

  /** 64 hex digits; the same key at another base URL or provider gives another one. */
  of(provider: string, baseUrl: string, key: string): string {
    // JSON keeps the three fields apart: no two different triples give the same text.
    return createHmac('sha256', this.#secret).update(JSON.stringify([provider, baseUrl, key])).digest('hex');
  }
}
