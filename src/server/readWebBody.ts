import type { BodyLimits } from './core/CoreRequest.js';
import { bodyTimedOut, clientClosed, tooLarge } from './readBody.js';

/**
 * Reads a Web `Request`'s body whole, refusing a declared or actual size over `maxBytes` (413,
 * exactly `maxBytes` is accepted) and a body that has not arrived within `timeoutMs` (408).
 * Stops reading (cancels the stream) as soon as it refuses.
 */
export async function readWebBody(request: Request, limits: BodyLimits): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length') ?? 0) > limits.maxBytes) throw tooLarge(limits.maxBytes);
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const reader: ReadableStreamDefaultReader<Uint8Array> = body.getReader();
  let timedOut = false;
  const cancelTimer = limits.clock.setTimer(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, limits.timeoutMs);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const read = await reader.read().then(
        (result) => result,
        () => undefined,
      );
      if (timedOut) throw bodyTimedOut(limits.timeoutMs);
      if (read === undefined) throw clientClosed();
      if (read.done) break;
      const value = read.value;
      size += value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(limits.maxBytes);
      }
      chunks.push(value);
    }
  } finally {
    cancelTimer();
  }
  return Buffer.concat(chunks, size);
}
