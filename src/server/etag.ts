import { createHash } from 'node:crypto';

/** A strong ETag of `body`: a truncated SHA-256, so equal bodies get equal tags on every instance. */
export function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/**
 * True when an `If-None-Match` header names `etag`: `*`, or a list of tags compared weakly
 * (`W/"x"` matches `"x"`), as RFC 9110 asks of If-None-Match.
 */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  for (const part of ifNoneMatch.split(',')) {
    const tag = part.trim();
    if (tag === '*' || tag === etag || (tag.startsWith('W/') && tag.slice(2) === etag)) return true;
  }
  return false;
}
