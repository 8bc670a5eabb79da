import { z } from 'zod';
import { isModality } from '../facts/ModelFacts.js';
import type { StoredEntry } from './CatalogStore.js';

// Facts are read leniently here (a word a newer version knows is dropped, not the entry):
// every stored list is checked again by normalizeModels before it is used.
const modalities = z
  .array(z.string())
  .transform((words) => words.filter(isModality))
  .optional();

const modelSchema = z.object({
  id: z.string(),
  displayName: z.string().optional(),
  contextWindow: z.number().optional(),
  capabilities: z.array(z.string()).optional(),
  deprecated: z.string().optional(),
  maxOutputTokens: z.number().optional(),
  inputModalities: modalities,
  outputModalities: modalities,
  pricing: z
    .object({ input: z.number(), output: z.number(), cacheRead: z.number().optional(), cacheWrite: z.number().optional() })
    .optional()
    .catch(undefined),
  aliases: z.array(z.string()).optional(),
  releaseDate: z.string().optional(),
  knowledgeCutoff: z.string().optional(),
});

/** What a stored entry must look like to be used; anything else is treated as absent. */
export const storedEntrySchema: z.ZodType<StoredEntry> = z.object({
  provider: z.string().min(1),
  fingerprint: z.string().min(1),
  fetchedAt: z.number().finite(),
  models: z.array(modelSchema),
});

/** The entry parsed from stored JSON text, or `undefined` when it is unreadable. */
export function parseStoredEntry(value: unknown): StoredEntry | undefined {
  const result = storedEntrySchema.safeParse(value);
  return result.success ? result.data : undefined;
}
