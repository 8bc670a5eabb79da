import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** A running HTTP CONNECT proxy on 127.0.0.1. */
export interface FakeProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The `host:port` of every tunnel asked for, oldest first. */
  connects: string[];
  close(): Promise<void>;
}

/** Starts a CONNECT-only proxy that tunnels to any host (undici's ProxyAgent tunnels every request). */
export async function startFakeProxy(): Promise<FakeProxy> {
  const connects: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    connects.push(target);
    const colon = target.lastIndexOf(':');
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
