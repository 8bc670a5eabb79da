import type { ModelCatalogReader } from '../manager/ModelCatalogReader.js';
import type { ScopedModelInfo } from '../manager/types.js';
import type { BodyResponse } from './core/CoreResponse.js';
import { jsonResponse } from './core/jsonResponse.js';
import { HttpError } from './HttpError.js';
import { toOpenAiModel } from './openAiModel.js';

/**
 * `GET /v1/models/{scoped id}`: the id as it came after `/v1/models/`, raw (`openai/gpt-4o`) or
 * percent-encoded (`openai%2Fgpt-4o`). 404 in OpenAI's shape when it is not a valid model now.
 */
export function modelRoute(reader: ModelCatalogReader, rawId: string, cacheControl: string): BodyResponse {
  const info = lookup(reader, rawId);
  if (info === undefined) {
    const shown = decodeOrRaw(rawId);
    throw new HttpError(
      404,
      'model_not_found',
      `the model ${JSON.stringify(shown.length > 200 ? `${shown.slice(0, 200)}…` : shown)} does not exist or cannot be picked now; GET /v1/models lists the valid ones`,
      { param: 'model' },
    );
  }
  return jsonResponse(200, toOpenAiModel(info), { 'cache-control': cacheControl });
}

function lookup(reader: ModelCatalogReader, rawId: string): ScopedModelInfo | undefined {
  const decoded = decodeOrRaw(rawId);
  // A model id may itself hold "%": when the decoded form is unknown, try the id as sent.
  return reader.modelInfo(decoded) ?? reader.modelInfo(rawId);
}

function decodeOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
