/**
 * What a model does, guessed from its id alone: for providers whose list says nothing about it
 * (OpenAI, Groq, most compatible servers). The first matching rule wins; no match means `chat`.
 * Providers that send their own fields (Gemini, Mistral, OpenRouter, LM Studio) use those first.
 */
const RULES: readonly (readonly [RegExp, readonly string[]])[] = [
  [/realtime/, ['realtime', 'audio']],
  [/whisper|transcribe|(^|[-_/.])tts([-_.:]|$)|speech|orpheus|playai/, ['audio']],
  // Chat models that also hear and speak: gpt-4o-audio-preview, gpt-audio.
  [/(^|[-/])audio([-:]|$)/, ['chat', 'audio']],
  [/embed|(^|[-/:])(bge|gte|e5)([-_.:]|$)|minilm|paraphrase-multilingual/, ['embedding']],
  [/rerank/, ['rerank']],
  [/moderation|guard/, ['moderation']],
  [/dall-e|gpt-image|chatgpt-image|imagen|stable-diffusion|sdxl|flux|(^|[-/])image([-:]|$)|image-generation/, ['image']],
  [/(^|[-/])(sora|veo)([-.:\d]|$)/, ['video']],
  [/(^|[-/])ocr([-:]|$)/, ['ocr']],
  // The legacy text-completion models: no chat endpoint.
  [/(^|[:/])(babbage|davinci)-0\d\d|gpt-3\.5-turbo-instruct/, ['completion']],
];

/**
 * The capabilities an id suggests, e.g. `text-embedding-3-small` → `['embedding']`,
 * `gpt-4o-mini-tts` → `['audio']`, `gpt-4o` → `['chat']`. Never empty.
 */
export function classifyModelId(id: string): string[] {
  const lower = id.toLowerCase();
  for (const [pattern, capabilities] of RULES) if (pattern.test(lower)) return [...capabilities];
  return ['chat'];
}
