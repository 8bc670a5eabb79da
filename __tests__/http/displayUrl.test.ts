import { describe, expect, it } from '@jest/globals';
import { displayUrl } from '../../src/http/displayUrl.js';

describe('displayUrl', () => {
  it.each([
    ['https://gw.example/t/sk-gateway-token/v1/models?key=k#f', 'https://gw.example/…/models'],
    ['http://user:pass@127.0.0.1:8080/models', 'http://127.0.0.1:8080/models'],
    ['https://api.example/', 'https://api.example/'],
  ])('should show %s as %s', (url, shown) => {
    expect(displayUrl(new URL(url))).toBe(shown);
  });

  it('should never show a path segment other than the last', () => {
    expect(displayUrl(new URL('https://gw.example/sk-secret-token/api/v1/models'))).not.toContain('sk-secret-token');
  });
});
