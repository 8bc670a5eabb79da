import type { ModelInfo, ModelProvider } from './ModelProvider.js';

/** A fixed list of models from configuration: no network, known from the start. */
export class StaticProvider implements ModelProvider {
  readonly name: string;
  readonly initialModels: readonly ModelInfo[];

  constructor(name: string, models: readonly (string | ModelInfo)[]) {
    this.name = name;
    this.initialModels = Object.freeze(models.map((model) => (typeof model === 'string' ? { id: model } : { ...model })));
  }

  listModels(signal: AbortSignal): Promise<ModelInfo[]> {
    signal.throwIfAborted();
    return Promise.resolve(this.initialModels.map((model) => ({ ...model })));
  }
}
