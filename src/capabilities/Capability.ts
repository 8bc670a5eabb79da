/**
 * The one vocabulary for what a model does. Every adapter maps its provider's own words onto
 * these; `chat` means "usable as a conversational model".
 */
export const CAPABILITIES = Object.freeze([
  'chat',
  /** Legacy text completion (`/v1/completions`), no chat endpoint. */
  'completion',
  'embedding',
  'rerank',
  'moderation',
  /** Generates images. */
  'image',
  /** Text to speech. */
  'speech',
  /** Speech to text. */
  'transcription',
  /** Audio in or out inside a chat. */
  'audio',
  'video',
  /** Takes images as input. */
  'vision',
  'tools',
  'reasoning',
  /** Fill in the middle (code). */
  'fim',
  'ocr',
] as const);

/** One word of the capability vocabulary: `chat`, `embedding`, `vision`, … */
export type Capability = (typeof CAPABILITIES)[number];

const KNOWN: ReadonlySet<string> = new Set(CAPABILITIES);

/** True when `value` is a word of the vocabulary (case-sensitive: the vocabulary is lower case). */
export function isCapability(value: string): value is Capability {
  return KNOWN.has(value);
}
