import type { AddressInfo, Server, Socket } from 'node:net';

/** A test server listening on 127.0.0.1. */
export interface LoopbackServer {
  /** The origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  /** Stops listening and drops every open connection (event streams and hung requests included). */
  close(): Promise<void>;
  /** Tracks another socket to drop on close (a proxy's upstream leg, say). */
  track(socket: Socket): void;
}

/** Starts `server` (HTTP or plain TCP) on a free loopback port and tracks its connections so `close` never waits on them. */
export async function listenOnLoopback(server: Server): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  server.on('connection', track);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    track,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
