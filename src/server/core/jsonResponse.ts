import { HttpError } from '../HttpError.js';
import type { BodyResponse, CoreHeaders } from './CoreResponse.js';

/** The content type of every JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** `body` as JSON with `status` and any extra `headers`. */
export function jsonResponse(status: number, body: unknown, headers: CoreHeaders = {}): BodyResponse {
  const bytes = Buffer.from(JSON.stringify(body));
  return { kind: 'body', status, headers: { ...headers, 'content-type': JSON_CONTENT_TYPE, 'content-length': String(bytes.length) }, body: bytes };
}

/** `error` in OpenAI's error shape: `{ error: { message, type, param, code } }`. */
export function errorResponse(error: HttpError): BodyResponse {
  const response = jsonResponse(error.status, { error: { message: error.message, type: error.type, param: error.param, code: error.code } }, error.headers);
  return error.closeConnection ? { ...response, closeConnection: true } : response;
}

/** The 500 sent for anything unexpected: the details go to the server's log, not to the client. */
export const INTERNAL_ERROR = new HttpError(500, 'internal_error', 'the server failed to answer this request; see its log');
