import { createServer, type Socket } from 'node:net';
import { listenOnLoopback } from './listenOnLoopback.js';

/**
 * What the fake answers to one command (its name upper-cased, then its arguments): a raw RESP
 * reply built with {@link resp}, or `undefined` for Redis's usual `+OK`.
 */
export type FakeRedisAnswer = (command: readonly string[]) => string | undefined;

/** A RESP server on 127.0.0.1 for replies the real Redis never sends on its own. */
export interface FakeRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** RESP3 replies for a {@link FakeRedisAnswer}. */
export const resp = {
  error: (message: string): string => `-${message}\r\n`,
  integer: (value: number): string => `:${value}\r\n`,
  bulk: (value: string): string => `$${Buffer.byteLength(value)}\r\n${value}\r\n`,
  array: (...items: string[]): string => `*${items.length}\r\n${items.join('')}`,
};

/**
 * Starts a server that speaks just enough RESP for node-redis: every command goes to `answer`;
 * what it leaves unanswered gets Redis 7's reply to the handshake (`HELLO 3`: a map), else `+OK`.
 * @example
 * const fake = cleanup.closing(await startFakeRedis(([name]) => (name === 'EVALSHA' ? resp.integer(7) : undefined)));
 */
export async function startFakeRedis(answer: FakeRedisAnswer): Promise<FakeRedis> {
  const { port, close } = await listenOnLoopback(createServer((socket) => serve(socket, answer)));
  return { url: `redis://127.0.0.1:${port}`, port, close };
}

function serve(socket: Socket, answer: FakeRedisAnswer): void {
  let buffered = Buffer.alloc(0);
  socket.on('error', () => {});
  socket.on('data', (data) => {
    buffered = Buffer.concat([buffered, data]);
    for (;;) {
      const parsed = parseCommand(buffered);
      if (parsed === undefined) return;
      buffered = buffered.subarray(parsed.length);
      const [name = '', ...args] = parsed.command;
      const command = [name.toUpperCase(), ...args];
      const reply = answer(command) ?? (command[0] === 'HELLO' ? hello() : '+OK\r\n');
      if (!socket.destroyed) socket.write(reply);
    }
  });
}

function hello(): string {
  return `%3\r\n${resp.bulk('server')}${resp.bulk('redis')}${resp.bulk('version')}${resp.bulk('7.0.15')}${resp.bulk('proto')}${resp.integer(3)}`;
}

/** One command (a RESP array of bulk strings) from the start of `buffer`, or undefined when it is not all there yet. */
function parseCommand(buffer: Buffer): { command: string[]; length: number } | undefined {
  let at = 0;
  const line = (): string | undefined => {
    const end = buffer.indexOf('\r\n', at);
    if (end === -1) return undefined;
    const text = buffer.toString('latin1', at, end);
    at = end + 2;
    return text;
  };
  const header = line();
  if (header === undefined) return undefined;
  const count = Number(header.slice(1));
  const command: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = line();
    if (size === undefined) return undefined;
    const length = Number(size.slice(1));
    if (buffer.length < at + length + 2) return undefined;
    command.push(buffer.toString('utf8', at, at + length));
    at += length + 2;
  }
  return { command, length: at };
}
