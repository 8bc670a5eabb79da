import type { InvalidationBus, InvalidationListener } from '../../src/store/CatalogStore.js';

/**
 * An in-process stand-in for Redis pub/sub: every bus of one hub hears every message, its
 * publisher's own included, as a Redis subscriber on the publishing instance does.
 */
export class LocalBusHub {
  readonly #buses = new Set<HubBus>();
  /** While false, published messages are dropped (a lost message). */
  delivering = true;
  published: string[] = [];

  bus(): InvalidationBus {
    const bus = new HubBus(this);
    this.#buses.add(bus);
    return bus;
  }

  deliver(generation: string): void {
    this.published.push(generation);
    if (!this.delivering) return;
    for (const bus of [...this.#buses]) bus.listener?.onGeneration(generation);
  }

  /** Tells every bus that its subscription reconnected. */
  reconnectAll(): void {
    for (const bus of this.#buses) bus.listener?.onReconnect();
  }

  remove(bus: HubBus): void {
    this.#buses.delete(bus);
  }
}

class HubBus implements InvalidationBus {
  listener: InvalidationListener | undefined;
  constructor(readonly hub: LocalBusHub) {}

  listen(listener: InvalidationListener): void {
    this.listener = listener;
    // As RedisInvalidationBus does: the first subscription, once confirmed, is reported too.
    queueMicrotask(() => this.listener?.onReconnect());
  }

  publish(generation: string): Promise<void> {
    queueMicrotask(() => this.hub.deliver(generation));
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.hub.remove(this);
    return Promise.resolve();
  }
}
