import type { IncomingMessage } from 'node:http';
import type { Clock } from '../time/Clock.js';
import { HttpError } from './HttpError.js';

/** Limits of {@link readBody}. */
export interface ReadBodyOptions {
  /** Largest body accepted, in bytes; more gets a 413. */
  maxBytes: number;
  /** Longest wait for the whole body, in milliseconds; a slower client gets a 408. */
  timeoutMs: number;
  clock: Clock;
}

/** True when the request announces a body (a length above 0, or chunked). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads the request body, refusing a declared or actual size over `maxBytes` (413) and a body
 * that has not arrived within `timeoutMs` (408). Rejects with an {@link HttpError} in every case,
 * the client going away included (nobody reads that answer).
 */
export function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > options.maxBytes) return Promise.reject(tooLarge(options.maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: HttpError | undefined): void => {
      cancelTimer();
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onGone);
      if (error === undefined) {
        resolve(Buffer.concat(chunks, size));
      } else {
        req.pause();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > options.maxBytes) finish(tooLarge(options.maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish(undefined);
    const onGone = (): void => finish(clientClosed());
    const cancelTimer = options.clock.setTimer(() => finish(bodyTimedOut(options.timeoutMs)), options.timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    // No 'error' listener: Node emits a request's 'error' only to listeners, and 'close' always follows it.
    req.on('close', onGone);
  });
}

/** The 413 for a body over `maxBytes`; the connection is closed, so the rest is never read. */
export function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, 'request_too_large', `the request body is larger than ${maxBytes} bytes; send a smaller one`, {
    closeConnection: true,
  });
}

/** The 408 for a body that did not arrive within `timeoutMs`; the connection is closed, as the rest may never come. */
export function bodyTimedOut(timeoutMs: number): HttpError {
  return new HttpError(408, 'request_timeout', `the request body did not arrive within ${timeoutMs} ms; send it at once`, {
    closeConnection: true,
  });
}

/** The 400 for a client that went away in the middle of its body (an embedder calling a fetch handler may still read it). */
export function clientClosed(): HttpError {
  return new HttpError(400, 'client_closed', 'the client closed the connection before sending the whole body');
}
