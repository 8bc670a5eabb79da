import { z } from 'zod';
import { MODALITIES } from '../facts/ModelFacts.js';
import type { StoredEntry } from './CatalogStore.js';

const modelSchema = z.object({
  id: z.string(),
  displayName: z.string().optional(),
  contextWindow: z.number().optional(),
  capabilities: z.array(z.string()).optional(),
  deprecated: z.string().optional(),
  // The facts a provider's list gives: checked again by normalizeModels when read.
  maxOutputTokens: z.number().optional(),
  inputModalities: z.array(z.enum(MODALITIES)).optional(),
  outputModalities: z.array(z.enum(MODALITIES)).optional(),
  pricing: z
    .object({ input: z.number(), output: z.number(), cacheRead: z.number().optional(), cacheWrite: z.number().optional() })
    .optional(),
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
