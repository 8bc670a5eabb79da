import { readFileSync } from 'node:fs';

/** A recorded provider payload from `__tests__/fixtures/providers/` (see SOURCES.md there). */
export function readFixture(path: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/providers/${path}`, import.meta.url), 'utf8')) as unknown;
}

/** The ids whose capabilities include `chat`, or have none (which counts as chat), sorted. */
export function chatIds(models: readonly { id: string; capabilities?: string[] | undefined }[]): string[] {
  return models.filter((model) => model.capabilities === undefined || model.capabilities.includes('chat')).map((model) => model.id).sort();
}
