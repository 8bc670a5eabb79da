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

/** True when `value` is a word of {@link MODALITIES}. */
export function isModality(value: string): value is Modality {
  return (MODALITIES as readonly string[]).includes(value);
}

/**
 * What is known of a model besides its id: limits, modalities, prices, dates, and the
 * capabilities a source vouches for. Instances are interned and frozen: many models share one.
 */
export interface ModelFacts {
  /** Input context window in tokens. */
  readonly contextWindow?: number | undefined;
  /** Most tokens one answer may hold. */
  readonly maxOutputTokens?: number | undefined;
  readonly inputModalities?: readonly Modality[] | undefined;
  readonly outputModalities?: readonly Modality[] | undefined;
  /** US dollars per million tokens. */
  readonly pricing?: ModelPricing | undefined;
  /** Capabilities the source says the model has (`vision`, `tools`, `reasoning`, …). */
  readonly capabilities?: readonly string[] | undefined;
  /** ISO date of release. */
  readonly releaseDate?: string | undefined;
  /** ISO date (or month) of the training data cut-off. */
  readonly knowledgeCutoff?: string | undefined;
}
