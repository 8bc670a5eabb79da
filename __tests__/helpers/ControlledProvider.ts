import type { ModelInfo, ModelListing, ModelProvider } from '../../src/providers/ModelProvider.js';
import { Deferred } from './Deferred.js';

/** A provider whose every `listModels` call waits until the test answers it. */
export class ControlledProvider implements ModelProvider {
  readonly calls: { signal: AbortSignal; answer: Deferred<ModelInfo[] | ModelListing> }[] = [];
  unavailableReason: string | undefined;

  constructor(readonly name: string) {}

  listModels(signal: AbortSignal): Promise<ModelInfo[] | ModelListing> {
    const answer = new Deferred<ModelInfo[] | ModelListing>();
    const call = { signal, answer };
    this.calls.push(call);
    const queued = this.#queued.shift();
    if (queued !== undefined) {
      this.#settled = this.calls.length;
      queued(call);
    }
    return answer.promise;
  }

  /** Answers the latest call with these ids (or the next call, when none is pending yet). */
  answer(ids: readonly string[] | ModelInfo[]): void {
    const models = ids.map((id) => (typeof id === 'string' ? { id } : id));
    this.#settle((call) => call.answer.resolve(models));
  }

  fail(error: unknown): void {
    this.#settle((call) => call.answer.reject(error));
  }

  #queued: ((call: ControlledProvider['calls'][number]) => void)[] = [];
  #settled = 0;

  // The manager reaches listModels after a few awaits (store lock, store clock), so a test may
  // answer before the call exists: the answer then waits for it.
  #settle(action: (call: ControlledProvider['calls'][number]) => void): void {
    const call = this.calls[this.#settled];
    if (call === undefined) {
      this.#queued.push(action);
      return;
    }
    this.#settled = this.calls.length;
    action(this.calls.at(-1)!);
  }

  latest(): ControlledProvider['calls'][number] {
    const call = this.calls.at(-1);
    if (call === undefined) throw new Error(`${this.name}: listModels was not called`);
    return call;
  }
}

/** A provider that answers at once with a list the test can change between discoveries. */
export class ListProvider implements ModelProvider {
  calls = 0;
  constructor(
    readonly name: string,
    public models: (string | ModelInfo)[],
  ) {}

  listModels(): Promise<ModelInfo[]> {
    this.calls++;
    return Promise.resolve(this.models.map((model) => (typeof model === 'string' ? { id: model } : { ...model })));
  }
}

/** Lets pending promise callbacks run (several microtask and one macrotask turns). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
