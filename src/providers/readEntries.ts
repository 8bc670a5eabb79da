import type { z } from 'zod';
import type { ModelInfo, ModelListing } from './ModelProvider.js';
import { normalizeModels } from './normalizeModels.js';

/**
 * Checks each raw entry against `schema` and maps the good ones with `toModel`. An entry of the
 * wrong shape, or one `toModel` rejects (`undefined`), is counted as invalid, never fatal;
 * `null` from `toModel` means "skip on purpose" (an inactive model) and is not counted.
 */
export function readEntries<S extends z.ZodType>(
  entries: readonly unknown[],
  schema: S,
  toModel: (entry: z.output<S>) => ModelInfo | null | undefined,
): ModelListing {
  const models: ModelInfo[] = [];
  let invalid = 0;
  for (const entry of entries) {
    const parsed = schema.safeParse(entry);
    const model = parsed.success ? toModel(parsed.data) : undefined;
    if (model === undefined) invalid++;
    else if (model !== null) models.push(model);
  }
  // The ids are untrusted text: checked here too, so an adapter used on its own is as safe.
  const normalized = normalizeModels(models);
  return { models: normalized.models, invalid: invalid + normalized.invalid };
}

/** Keeps only the fields that are defined (and lists that are not empty), so `exactOptionalPropertyTypes` holds. */
export function modelInfo(fields: { id: string } & { [K in Exclude<keyof ModelInfo, 'id'>]?: ModelInfo[K] | undefined }): ModelInfo {
  const model: ModelInfo = { id: fields.id };
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    Object.assign(model, { [field]: value });
  }
  return model;
}
