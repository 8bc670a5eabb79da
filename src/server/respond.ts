import type { ServerResponse } from 'node:http';
import { HttpError } from './HttpError.js';

/** The content type of every JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Answers `body` as JSON with `status` and any extra `headers`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { ...headers, 'content-type': JSON_CONTENT_TYPE, 'content-length': String(text.length) });
  res.end(text);
}

/** Answers `error` in OpenAI's error shape; when the answer has already begun, cuts the connection. */
export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers = error.closeConnection ? { ...error.headers, connection: 'close' } : error.headers;
  sendJson(res, error.status, { error: { message: error.message, type: error.type, param: error.param, code: error.code } }, headers);
}

/** The 500 sent for anything unexpected: the details go to the server's log, not to the client. */
export const INTERNAL_ERROR = new HttpError(500, 'internal_error', 'the server failed to answer this request; see its log');
