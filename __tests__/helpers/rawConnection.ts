import { connect, type Socket } from 'node:net';

/** A raw TCP connection to a local HTTP server: what it has read, and when the server ended it. */
export interface RawConnection {
  socket: Socket;
  /** Everything read so far, as latin1. */
  received(): string;
  /** Resolves when the connection is closed, by either side. */
  closed: Promise<void>;
}

/**
 * Opens a raw connection to 127.0.0.1:`port`: requests go out exactly as written (pipelined,
 * kept alive, cut short), and answers are read as bytes. Pass it to `cleanup` to destroy it after the test.
 */
export function rawConnection(port: number): RawConnection {
  const socket = connect(port, '127.0.0.1');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { socket, received: () => text, closed };
}

/** The status codes of the answers in `text`, in order. */
export function statuses(text: string): string[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((match) => match[1] ?? '');
}

/** The answers in `text`, each from its status line on. */
export function answers(text: string): string[] {
  return text.split(/(?=HTTP\/1\.1 \d{3} )/).filter((answer) => answer !== '');
}
