import { z } from 'zod';

/** A field that is used when it has the right type and ignored (as if absent) otherwise. */
export function lenient<T extends z.ZodType>(schema: T): z.ZodCatch<z.ZodOptional<T>> {
  return schema.optional().catch(undefined);
}

/** A positive whole number of tokens, or nothing. */
export const tokenCount = lenient(z.number().int().positive());

/** A string, or nothing. */
export const optionalText = lenient(z.string());
