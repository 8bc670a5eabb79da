import { z } from 'zod';
import { classifyModelId } from '../classifyModelId.js';
import { lenient } from '../lenient.js';
import type { ModelInfo, ModelListing } from '../ModelProvider.js';
import { modelInfo, readEntries } from '../readEntries.js';

/** A deployment named in the config: the name callers use and the model it runs. */
export interface AzureDeployment {
  readonly name: string;
  readonly model: string;
}

const flag = lenient(z.boolean());
const unixSeconds = lenient(z.number().int().positive());

const entrySchema = z.object({
  id: z.string(),
  capabilities: lenient(z.object({ chat_completion: flag, completion: flag, embeddings: flag })),
  deprecation: lenient(z.object({ inference: unixSeconds })),
});

type AzureEntry = z.output<typeof entrySchema>;

/**
 * Reads Azure OpenAI's model list. Azure's own flags decide (`chat_completion` → chat,
 * `completion`, `embeddings` → embedding); a model past its `deprecation.inference` date (by
 * `now`, in milliseconds) can no longer be called and leaves the chat list. Models Azure flags
 * with none of the three (DALL·E, realtime, Whisper) are classified by id, never as chat.
 * Each configured deployment is listed under its own name with the facts of its model.
 */
export function readAzureModels(entries: readonly unknown[], now: number, deployments: readonly AzureDeployment[] = []): ModelListing {
  const byId = new Map<string, ModelInfo>();
  const listing = readEntries(entries, entrySchema, (entry) => {
    const model = azureModel(entry, now);
    if (!byId.has(model.id)) byId.set(model.id, model);
    return model;
  });
  // Deployments first: a deployment named like a model is the one a caller reaches.
  const named = deployments.map((deployment) => deploymentModel(deployment, byId.get(deployment.model)));
  return { models: [...named, ...listing.models], invalid: listing.invalid };
}

/** One entry's facts: capabilities from Azure's flags and the inference retirement date. */
export function azureModel(entry: AzureEntry, now: number): ModelInfo {
  const retiresAt = entry.deprecation?.inference;
  const retired = retiresAt !== undefined && retiresAt * 1000 <= now;
  return modelInfo({
    id: entry.id,
    capabilities: azureCapabilities(entry, retired),
    deprecated: retiresAt === undefined ? undefined : new Date(retiresAt * 1000).toISOString().slice(0, 10),
  });
}

function azureCapabilities(entry: AzureEntry, retired: boolean): string[] {
  const flags = entry.capabilities;
  const said = [
    ...(flags?.chat_completion === true && !retired ? ['chat'] : []),
    ...(flags?.completion === true ? ['completion'] : []),
    ...(flags?.embeddings === true ? ['embedding'] : []),
  ];
  if (said.length > 0) return said;
  // Azure flags nothing usable: the id says what it is (image, audio…), but never chat.
  const byId = classifyModelId(entry.id).filter((capability) => capability !== 'chat');
  return byId.length > 0 ? byId : ['other'];
}

function deploymentModel(deployment: AzureDeployment, model: ModelInfo | undefined): ModelInfo {
  if (model === undefined) return { id: deployment.name, displayName: `${deployment.name} (${deployment.model})`, capabilities: classifyModelId(deployment.model) };
  return { ...model, id: deployment.name, displayName: `${deployment.name} (${deployment.model})` };
}
