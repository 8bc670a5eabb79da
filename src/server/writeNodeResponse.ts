import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreResponse } from './core/CoreResponse.js';

/** Writes the core's answer to a Node response: a body at once, an event stream as it comes. */
export function writeNodeResponse(req: IncomingMessage, res: ServerResponse, response: CoreResponse): void {
  // Nobody reads an answer to a client that went away (a refresh that outlived its caller).
  if (res.destroyed) return;
  try {
    if (response.kind === 'body') {
      res.writeHead(response.status, response.closeConnection === true ? { ...response.headers, connection: 'close' } : response.headers);
      res.end(response.body);
      return;
    }
    // An event stream stays open as long as the client wants it.
    req.socket.setTimeout(0);
    res.writeHead(response.status, response.headers);
    response.open({
      write: (text) => void res.write(text),
      get buffered() {
        return res.writableLength;
      },
      end: () => void res.end(),
      destroy: () => void res.destroy(),
      onClose: (listener) => void res.once('close', listener),
    });
  } catch {
    // Headers already sent (by a middleware before us), or refused by Node: cut the answer.
    res.destroy();
  }
}
