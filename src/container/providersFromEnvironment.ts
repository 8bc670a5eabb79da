import type { ScopedModelsConfigInput } from '../config/schema.js';

type ProviderInput = NonNullable<ScopedModelsConfigInput['providers']>[number];

/**
 * The providers a config-less start finds in the environment: one per known provider whose
 * key variable is set. (The adapters add entries here as they arrive.)
 */
export function providersFromEnvironment(_environment: Readonly<Record<string, string | undefined>>): ProviderInput[] {
  return [];
}
