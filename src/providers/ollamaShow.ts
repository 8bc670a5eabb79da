import { z } from 'zod';
import type { Capability } from '../capabilities/Capability.js';
import { lenient } from './lenient.js';

/** The most `/api/show` requests in flight at once: a laptop's Ollama is not to be flooded. */
export const SHOW_CONCURRENCY = 4;

/** What Ollama's `POST /api/show` says of one model. */
export interface ShowFacts {
  /** `undefined` when the server sends no `capabilities` (versions before 0.6.4). */
  capabilities?: Capability[] | undefined;
  contextWindow?: number | undefined;
}

const showSchema = z.object({
  capabilities: lenient(z.array(z.string())),
  model_info: lenient(z.record(z.string(), z.unknown())),
});

/** Ollama's capability words onto ours. */
const SHOW_CAPABILITIES: Readonly<Record<string, Capability>> = {
  completion: 'chat',
  vision: 'vision',
  tools: 'tools',
  thinking: 'reasoning',
  embedding: 'embedding',
  insert: 'fim',
  audio: 'audio',
};

/** The facts in an `/api/show` answer: capabilities, and `<architecture>.context_length` from `model_info`. */
export function readShow(body: unknown): ShowFacts {
  const parsed = showSchema.safeParse(body);
  if (!parsed.success) return {};
  const words = parsed.data.capabilities;
  const capabilities = words?.map((word) => SHOW_CAPABILITIES[word.toLowerCase()]).filter((word) => word !== undefined);
  const info = parsed.data.model_info ?? {};
  const architecture = info['general.architecture'];
  const context = typeof architecture === 'string' ? info[`${architecture}.context_length`] : undefined;
  return {
    capabilities: capabilities === undefined || capabilities.length === 0 ? undefined : [...new Set(capabilities)],
    contextWindow: typeof context === 'number' && Number.isSafeInteger(context) && context > 0 ? context : undefined,
  };
}

/**
 * Runs `task` over `items` with at most `limit` running at once; resolves when all have ended.
 * `task` must not reject (each failure is its own to handle).
 */
export async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
