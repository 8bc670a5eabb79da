import type { Clock } from '../../time/Clock.js';

/** Limits on reading a request body. */
export interface BodyLimits {
  /** Largest body accepted, in bytes (exactly this many is accepted); more gets a 413. */
  maxBytes: number;
  /** Longest wait for the whole body, in milliseconds; a slower client gets a 408. */
  timeoutMs: number;
  clock: Clock;
}

/** A request as the handler core sees it, whichever server received it (node:http, a fetch runtime). */
export interface CoreRequest {
  readonly method: string;
  /** The path without its query, as sent (still percent-encoded). */
  readonly path: string;
  /** The query without its `?`, or `''`. */
  readonly rawQuery: string;
  /** True when the request announces a body (a length above 0, or chunked). */
  readonly hasBody: boolean;
  /** A header's value by its lower-case name; repeated headers joined by `, `. */
  header(name: string): string | undefined;
  /** Reads the whole body; rejects with an `HttpError` (413, 408, 400) when it cannot. */
  readBody(limits: BodyLimits): Promise<Uint8Array>;
}
