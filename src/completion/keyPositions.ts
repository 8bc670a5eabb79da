/** Characters that start a new word inside an id, besides the provider separator. */
const WORD_BREAKS = new Set(['/', '-', '.', ':', '_']);

/** Where the keys of one id start, by tier (the whole id, tier 1, is position 0). */
export interface KeyPositions {
  /** Tier 2: the model id (after the first separator) and the text after each `/`. */
  segments: number[];
  /** Tier 3: the text after every other separator or `- . : _`. */
  words: number[];
}

/** The positions in `lowerId` where a tier-2 or tier-3 key starts; never 0 or the end. */
export function keyPositions(lowerId: string, separator: string): KeyPositions {
  const segments: number[] = [];
  const words: number[] = [];
  const inside = (at: number): boolean => at > 0 && at < lowerId.length;
  const modelStart = lowerId.indexOf(separator);
  if (modelStart >= 0 && inside(modelStart + separator.length)) segments.push(modelStart + separator.length);
  for (let at = 0; at < lowerId.length; at++) {
    const char = lowerId[at] as string;
    if (char === '/' && inside(at + 1) && !segments.includes(at + 1)) segments.push(at + 1);
  }
  const add = (at: number): void => {
    if (inside(at) && !segments.includes(at) && !words.includes(at)) words.push(at);
  };
  for (let at = 0; at < lowerId.length; at++) {
    if (lowerId.startsWith(separator, at)) add(at + separator.length);
    if (WORD_BREAKS.has(lowerId[at] as string)) add(at + 1);
  }
  return { segments, words };
}
