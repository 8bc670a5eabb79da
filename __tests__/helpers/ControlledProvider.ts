import type { ModelInfo, ModelListing, ModelProvider } from '../../src/providers/ModelProvider.js';
import { Deferred } from './Deferred.js';

/** A provider whose every `listModels` call waits until the test answers it. */
export class ControlledProvider implements ModelProvider {
  readonly calls: { signal: AbortSignal; answer: Deferred<ModelInfo[] | ModelListing> }[] = [];
  unavailableReason: string | undefined;

  constructor(readonly name: string) {}

  listModels(signal: AbortSignal): Promise<ModelInfo[] | ModelListing> {
    const answer = new Deferred<ModelInfo[] | ModelListing>();
    this.calls.push({ signal, answer });
    return answer.promise;
  }

  /** Answers the latest call with these ids. */
  answer(ids: readonly string[] | ModelInfo[]): void {
    this.latest().answer.resolve(ids.map((id) => (typeof id === 'string' ? { id } : id)));
  }

  fail(error: unknown): void {
    this.latest().answer.reject(error);
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
