import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { REDIS_HOST, REDIS_PORT } from './redis.js';

/** A TCP proxy in front of the shared redis-server, to make outages without stopping it. */
export interface RedisProxy {
  /** `redis://127.0.0.1:<port>`: point a client here instead of at Redis. */
  readonly url: string;
  readonly port: number;
  /** Connections open through the proxy now. */
  readonly connections: number;
  /** Connections accepted since the proxy started. */
  readonly accepted: number;
  /** A network partition: connections stay open (new ones are accepted) but nothing gets through. */
  blackhole(): void;
  /** Ends a partition: what was held flows again. */
  heal(): void;
  /** Closes the next connection whose client sends the command `name` (e.g. `SUBSCRIBE`), before Redis sees it. */
  dropOnCommand(name: string): void;
  /** Closes every connection through the proxy, as a server restart or `CLIENT KILL` would. */
  dropConnections(): void;
  /** Stops listening and closes every connection: connecting is refused until `accept()`. */
  refuse(): Promise<void>;
  /** Closes every connection, and each new one as soon as it is accepted (counted in `accepted`), until `accept()`. */
  hangUp(): void;
  /** Listens again on the same port, and lets connections through. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy on 127.0.0.1 (a free port) that forwards to the shared Redis. */
export async function startRedisProxy(): Promise<RedisProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let held = false;
  let hangingUp = false;
  let dropOn: string | undefined;
  let accepted = 0;

  const onConnection = (client: Socket): void => {
    accepted++;
    if (hangingUp) {
      client.destroy();
      return;
    }
    const upstream = connect(REDIS_PORT, REDIS_HOST);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('data', (data: Buffer) => {
      if (dropOn === undefined || !data.toString('latin1').toUpperCase().includes(`\r\n${dropOn}\r\n`)) return;
      dropOn = undefined;
      client.destroy();
      upstream.destroy();
    });
    for (const [from, to] of [pair, [upstream, client] as const]) {
      from.on('data', (data) => {
        if (!from.destroyed) to.write(data);
      });
      from.on('error', () => {});
      from.on('close', () => {
        to.destroy();
        pairs.delete(pair);
      });
      if (held) from.pause();
    }
  };

  let server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const dropConnections = (): void => {
    for (const [client, upstream] of pairs) {
      client.destroy();
      upstream.destroy();
    }
    pairs.clear();
  };
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      dropConnections();
      if (!server.listening) return resolve();
      server.close(() => resolve());
    });

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    get connections() {
      return pairs.size;
    },
    get accepted() {
      return accepted;
    },
    blackhole() {
      held = true;
      for (const pair of pairs) for (const socket of pair) socket.pause();
    },
    heal() {
      held = false;
      for (const pair of pairs) for (const socket of pair) socket.resume();
    },
    dropOnCommand(name) {
      dropOn = name.toUpperCase();
    },
    dropConnections,
    refuse: stop,
    hangUp() {
      hangingUp = true;
      dropConnections();
    },
    async accept() {
      hangingUp = false;
      if (server.listening) return;
      server = createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: stop,
  };
}
