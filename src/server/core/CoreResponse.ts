/** Response headers by lower-case name. */
export type CoreHeaders = Readonly<Record<string, string>>;

/** An answer held whole: JSON, an empty 304, an error. */
export interface BodyResponse {
  readonly kind: 'body';
  readonly status: number;
  readonly headers: CoreHeaders;
  /** Absent for 304 and HEAD. */
  readonly body?: Uint8Array | string | undefined;
  /** The request body was not (fully) read: a server that can should close the connection. */
  readonly closeConnection?: boolean | undefined;
}

/** Where an event stream writes; each adapter implements it over its own server's response. */
export interface EventSink {
  write(text: string): void;
  /** Bytes written that the client has not taken yet. */
  readonly buffered: number;
  /** Ends the stream normally. */
  end(): void;
  /** Cuts the client off (too slow to keep). */
  destroy(): void;
  /** Calls `listener` once when the client goes away. */
  onClose(listener: () => void): void;
}

/** An answer streamed over time (Server-Sent Events): the adapter sends the head, then calls `open`. */
export interface StreamResponse {
  readonly kind: 'stream';
  readonly status: number;
  readonly headers: CoreHeaders;
  /** Starts writing to `sink`; called once, right after the head is sent. */
  open(sink: EventSink): void;
}

/** What the handler core answers. */
export type CoreResponse = BodyResponse | StreamResponse;
