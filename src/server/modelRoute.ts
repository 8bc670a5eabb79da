import type { ServerResponse } from 'node:http';
import type { ProviderManager } from '../manager/ProviderManager.js';
import type { ScopedModelInfo } from '../manager/types.js';
import { HttpError } from './HttpError.js';
import { toOpenAiModel } from './openAiModel.js';
import { sendJson } from './respond.js';

/**
 * `GET /v1/models/{scoped id}`: the id as it came after `/v1/models/`, raw (`openai/gpt-4o`) or
 * percent-encoded (`openai%2Fgpt-4o`). 404 in OpenAI's shape when it is not a valid model now.
 */
export function modelRoute(manager: ProviderManager, res: ServerResponse, rawId: string): void {
  const info = lookup(manager, rawId);
  if (info === undefined) {
    const shown = decodeOrRaw(rawId);
    throw new HttpError(
      404,
      'model_not_found',
      `the model ${JSON.stringify(shown.length > 200 ? `${shown.slice(0, 200)}…` : shown)} does not exist or cannot be picked now; GET /v1/models lists the valid ones`,
      { param: 'model' },
    );
  }
  sendJson(res, 200, toOpenAiModel(info), { 'cache-control': 'no-cache' });
}

function lookup(manager: ProviderManager, rawId: string): ScopedModelInfo | undefined {
  const decoded = decodeOrRaw(rawId);
  // A model id may itself hold "%": when the decoded form is unknown, try the id as sent.
  return manager.modelInfo(decoded) ?? (decoded === rawId ? undefined : manager.modelInfo(rawId));
}

function decodeOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
