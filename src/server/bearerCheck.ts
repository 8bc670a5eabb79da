import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Returns a check of an `Authorization` header against `Bearer <token>`. Both sides are hashed
 * first, so the comparison takes the same time whatever the length or content of the guess.
 */
export function bearerCheck(token: string): (authorization: string | undefined) => boolean {
  const expected = sha256(token);
  return (authorization) => {
    const presented = bearerToken(authorization);
    // Hash and compare even when there is no token, so a missing header costs the same.
    const equal = timingSafeEqual(sha256(presented ?? ''), expected);
    return equal && presented !== undefined;
  };
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization);
  return match?.[1];
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
