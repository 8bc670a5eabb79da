import type { z } from 'zod';

/**
 * The field names the object at `path` in `schema` accepts (`[]` for the root, `['providers', 0]`
 * for a provider entry), for "did you mean" hints; empty when the path leads to no object.
 */
export function knownFields(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.core.$ZodType | undefined = schema;
  let remaining = [...path];
  for (let steps = 0; current !== undefined && steps < 32; steps += 1) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === 'object') {
      const shape = def['shape'] as Record<string, z.core.$ZodType>;
      if (remaining.length === 0) return Object.keys(shape);
      const [field, ...rest] = remaining;
      current = shape[String(field)];
      remaining = rest;
    } else if (def.type === 'array') {
      if (remaining.length === 0 || typeof remaining[0] !== 'number') return [];
      current = def['element'] as z.core.$ZodType;
      remaining = remaining.slice(1);
    } else if ('innerType' in def) {
      current = def['innerType'] as z.core.$ZodType; // optional, default, nullable, readonly…
    } else if (def.type === 'pipe') {
      current = def['in'] as z.core.$ZodType;
    } else if (def.type === 'union') {
      // The first option that is an object (a model entry is a string or an object).
      current = (def['options'] as z.core.$ZodType[]).find((option) => knownFields(option, []).length > 0);
    } else {
      return [];
    }
  }
  return [];
}
