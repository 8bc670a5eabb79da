import { factsHint } from '../facts/formatFacts.js';
import type { ModelPricing } from '../facts/ModelFacts.js';
import { safeJson, safeText } from './sanitize.js';

/** How `complete` prints its items. */
export interface CompletionOutputOptions {
  json?: boolean | undefined;
  /** One `id<TAB>description` line per item, for shells that show descriptions (zsh). */
  describe?: boolean | undefined;
}

/** What a description is made of: the model's display name, context window and prices, where known. */
export interface DescribedModel {
  displayName?: string | undefined;
  contextWindow?: number | undefined;
  pricing?: ModelPricing | undefined;
}

/** The text `complete` writes for `items` (with a final newline), or `''` when there is none. */
export function completionOutput(items: readonly string[], options: CompletionOutputOptions, info: (id: string) => DescribedModel | undefined): string {
  if (options.json === true) return `${safeJson(items)}\n`;
  if (items.length === 0) return '';
  const lines = options.describe === true ? items.map((id) => `${safeText(id)}\t${safeText(describeModel(info(id)))}`) : items.map(safeText);
  return `${lines.join('\n')}\n`;
}

/** `GPT-4o · 128k · $2.50/$10`; `''` when nothing is known. */
export function describeModel(model: DescribedModel | undefined): string {
  if (model === undefined) return '';
  const parts: string[] = [];
  if (model.displayName !== undefined) parts.push(model.displayName.replace(/\s+/g, ' '));
  const hint = factsHint(model);
  if (hint !== undefined) parts.push(hint);
  return parts.join(' · ');
}
