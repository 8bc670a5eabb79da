import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ModelsHandler } from '../createModelsHandler.js';
import { STATUS_PAGE_CSS } from './statusPageCss.js';
import { STATUS_PAGE_HTML } from './statusPageHtml.js';
import { STATUS_PAGE_SCRIPT } from './statusPageScript.js';

/** No inline script or style, nothing from another origin, no framing, no forms. */
export const STATUS_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const FILES: Readonly<Record<string, { type: string; body: string }>> = {
  '/': { type: 'text/html; charset=utf-8', body: STATUS_PAGE_HTML },
  '/status-page.js': { type: 'text/javascript; charset=utf-8', body: STATUS_PAGE_SCRIPT },
  '/status-page.css': { type: 'text/css; charset=utf-8', body: STATUS_PAGE_CSS },
};

/**
 * `handler` with a status page in front: `GET /` answers one small HTML page (providers' state,
 * live counts, a search box completing as you type), with its script and style at
 * `/status-page.js` and `/status-page.css`, under a strict Content-Security-Policy. Every other
 * request goes to `handler`.
 * @example
 * const server = http.createServer(withStatusPage(createModelsHandler(manager)));
 */
export function withStatusPage(handler: ModelsHandler): ModelsHandler {
  const withPage = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const file = FILES[path];
    if (file === undefined || (req.method !== 'GET' && req.method !== 'HEAD')) {
      handler(req, res, next);
      return;
    }
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': Buffer.byteLength(file.body),
      'content-security-policy': STATUS_PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-cache',
    });
    // node:http sends no body in answer to a HEAD, whatever is written.
    res.end(file.body);
  };
  return Object.defineProperties(withPage, {
    close: { value: () => handler.close() },
    eventClients: { get: () => handler.eventClients },
  }) as ModelsHandler;
}
