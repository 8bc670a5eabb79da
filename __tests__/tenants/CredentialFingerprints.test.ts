import { describe, expect, it } from '@jest/globals';
import { Secret } from '../../src/config/Secret.js';
import { CredentialFingerprints } from '../../src/tenants/CredentialFingerprints.js';

const SECRET = new Secret('s'.repeat(40));

describe('CredentialFingerprints', () => {
  describe('.of', () => {
    it('should give 64 hex digits that hold nothing of the key', () => {
      const fingerprint = new CredentialFingerprints(SECRET).of('openai', 'https://api.openai.com/v1', 'sk-abcdef');

      expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(fingerprint).not.toContain('abcdef');
    });

    it('should differ across base URLs, provider names and keys', () => {
      const fingerprints = new CredentialFingerprints(SECRET);
      const all = [
        fingerprints.of('openai', 'https://api.openai.com/v1', 'sk-1'),
        fingerprints.of('openai', 'https://eu.api.openai.com/v1', 'sk-1'),
        fingerprints.of('azure', 'https://api.openai.com/v1', 'sk-1'),
        fingerprints.of('openai', 'https://api.openai.com/v1', 'sk-2'),
        // Fields run together the same way must still differ.
        fingerprints.of('openai', 'https://api.openai.com/v1s', 'k-1'),
      ];

      expect(new Set(all).size).toBe(all.length);
    });

    it('should agree across instances under one configured secret, and not under random ones', () => {
      const of = (fingerprints: CredentialFingerprints): string => fingerprints.of('openai', 'https://api.openai.com/v1', 'sk-1');

      expect(of(new CredentialFingerprints(SECRET))).toBe(of(new CredentialFingerprints(new Secret('s'.repeat(40)))));
      expect(of(new CredentialFingerprints())).not.toBe(of(new CredentialFingerprints()));
      expect(new CredentialFingerprints(SECRET).shared).toBe(true);
      expect(new CredentialFingerprints().shared).toBe(false);
    });
  });
});
