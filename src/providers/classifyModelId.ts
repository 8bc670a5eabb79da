import type { Capability } from '../capabilities/Capability.js';

/**
 * A family of model ids whose names follow one provider's habits. `openai` ids are OpenAI's
 * own (where `-instruct` means a completion-only model); `gemini` ids are Google's; `generic`
 * covers every other server (where `Llama-3.1-8B-Instruct` is a chat model).
 */
export type IdFamily = 'generic' | 'openai' | 'gemini';

type Rule = readonly [RegExp, readonly Capability[]];

// Speech, transcription and realtime ids of every family; realtime models hear and speak but
// are not reached through chat completions.
const AUDIO_RULES: readonly Rule[] = [
  [/realtime/, ['audio']],
  [/whisper|transcrib/, ['transcription']],
  [/(^|[-_/.])tts([-_.:]|$)|(^|[-/])speech|orpheus|playai/, ['speech']],
];

/** Id rules for servers whose list says nothing about what a model does. The first match wins. */
const GENERIC_RULES: readonly Rule[] = [
  ...AUDIO_RULES,
  // Chat models that also hear and speak: gpt-4o-audio-preview, gpt-audio.
  [/(^|[-/])audio([-:]|$)/, ['chat', 'audio']],
  [/embed|(^|[-/:])(bge|gte|e5)([-_.:]|$)|minilm|paraphrase-multilingual|text-(search|similarity)-|code-search-/, ['embedding']],
  [/rerank/, ['rerank']],
  [/moderation|guard/, ['moderation']],
  [/dall-e|gpt-image|chatgpt-image|imagen|stable-diffusion|sdxl|flux|(^|[-/])image([-:]|$)|image-generation/, ['image']],
  [/(^|[-/])(sora|veo)([-.:\d]|$)/, ['video']],
  [/(^|[-/])ocr([-:]|$)/, ['ocr']],
  // OpenAI's legacy completion models, wherever a server relays them.
  [/(^|[:/])(babbage|davinci)-0\d\d|gpt-3\.5-turbo-instruct/, ['completion']],
];

/** OpenAI's own list: its completion-only families too (`*-instruct`, the GPT-3 base models). */
const OPENAI_RULES: readonly Rule[] = [
  ...GENERIC_RULES,
  [/-instruct([-:]|$)|^(text-)?(ada|babbage|curie|davinci)(-\d{3})?$|^text-(ada|babbage|curie|davinci)-|^code-(cushman|davinci)-/, ['completion']],
];

/**
 * Google's families that answer `generateContent` yet are not chat models. `aqa` (attributed
 * question answering) has no word of its own: an empty list means "not chat, nothing else known".
 */
const GEMINI_RULES: readonly Rule[] = [
  [/(^|-)live-|native-audio/, ['audio']],
  [/(^|[-/])tts([-_.:]|$)/, ['speech']],
  [/^lyria/, ['audio']],
  [/^imagen|-image|^nano-banana/, ['image']],
  [/^veo/, ['video']],
  [/embed/, ['embedding']],
  [/^aqa$/, []],
];

const RULES: Readonly<Record<IdFamily, readonly Rule[]>> = { generic: GENERIC_RULES, openai: OPENAI_RULES, gemini: GEMINI_RULES };

/**
 * What an id suggests a model does, for lists that say nothing about it: `text-embedding-3-small`
 * → `['embedding']`, `gpt-4o-mini-tts` → `['speech']`, `gpt-4o` → `['chat']`. Ids of Gemini's
 * OpenAI-compatible endpoint (`models/…`) follow the `gemini` rules whatever `family` says.
 * An empty result means the id is known not to be chat, with no other word for it.
 */
export function classifyModelId(id: string, family: IdFamily = 'generic'): Capability[] {
  let lower = id.toLowerCase();
  let rules = RULES[family];
  if (lower.startsWith('models/')) {
    lower = lower.slice('models/'.length);
    rules = RULES.gemini;
  }
  for (const [pattern, capabilities] of rules) if (pattern.test(lower)) return [...capabilities];
  return ['chat'];
}

/** `capabilities`, or the out-of-vocabulary `other` when empty, so an unknown model never counts as chat. */
export function orOther(capabilities: readonly string[]): string[] {
  return capabilities.length > 0 ? [...capabilities] : ['other'];
}
