/** A kind of content a model takes or gives. */
export type Modality = 'text' | 'image' | 'audio' | 'video' | 'file';

/** Every modality, in display order. */
export const MODALITIES: readonly Modality[] = Object.freeze(['text', 'image', 'audio', 'video', 'file']);

/** Prices in US dollars per million tokens. */
export interface ModelPricing {
  readonly input: number;
  readonly output: number;
  readonly cacheRead?: number | undefined;
  readonly cacheWrite?: number | undefined;
}
