import { z } from 'zod';
import type { Modality } from '../../facts/ModelFacts.js';
import { classifyModelId } from '../classifyModelId.js';
import { lenient, optionalText } from '../lenient.js';
import type { ModelInfo, ModelListing } from '../ModelProvider.js';
import { modelInfo, readEntries } from '../readEntries.js';

const words = lenient(z.array(z.string()));

const foundationSchema = z.object({
  modelId: z.string(),
  modelName: optionalText,
  inputModalities: words,
  outputModalities: words,
  inferenceTypesSupported: words,
  modelLifecycle: lenient(z.object({ status: optionalText })),
});

const profileSchema = z.object({
  inferenceProfileId: z.string(),
  inferenceProfileName: optionalText,
  status: optionalText,
  models: lenient(z.array(lenient(z.object({ modelArn: optionalText })))),
});

/** A `ListFoundationModels` summary, as read. */
export type BedrockFoundation = z.output<typeof foundationSchema>;

/** Bedrock's modality words; `EMBEDDING` is an output kind, not a modality. */
const MODALITY: Readonly<Record<string, Modality>> = { TEXT: 'text', IMAGE: 'image', VIDEO: 'video', AUDIO: 'audio', SPEECH: 'audio', DOCUMENT: 'file' };

/**
 * Reads `ListFoundationModels` and `ListInferenceProfiles` into one list. A foundation model is
 * chat when it outputs TEXT and can be called on demand; one that runs only through a profile
 * or provisioned throughput is listed but not chat, and its profiles (`us.anthropic.…`, the ids
 * callers use) are chat in its place, with its facts. `LEGACY` models are marked deprecated.
 */
export function readBedrockModels(foundations: readonly unknown[], profiles: readonly unknown[]): ModelListing {
  const byId = new Map<string, BedrockFoundation>();
  const models = readEntries(foundations, foundationSchema, (entry) => {
    byId.set(entry.modelId, entry);
    return foundationModel(entry, entry.inferenceTypesSupported?.includes('ON_DEMAND') === true);
  });
  const profileModels = readEntries(profiles, profileSchema, (profile) => {
    if (profile.status !== undefined && profile.status !== 'ACTIVE') return null;
    const base = baseModelId(profile.models?.[0]?.modelArn);
    const foundation = base === undefined ? undefined : byId.get(base);
    const model: ModelInfo =
      foundation === undefined ? { id: profile.inferenceProfileId, capabilities: classifyModelId(base ?? profile.inferenceProfileId) } : foundationModel(foundation, true);
    // A profile's own name or none: its base model's name would label two entries alike.
    return modelInfo({ ...model, id: profile.inferenceProfileId, displayName: profile.inferenceProfileName });
  });
  return { models: [...models.models, ...profileModels.models], invalid: models.invalid + profileModels.invalid };
}

/** A foundation model's facts; `callable` says whether a caller can name it as it is (on demand, or through a profile). */
export function foundationModel(entry: BedrockFoundation, callable: boolean): ModelInfo {
  const output = entry.outputModalities ?? [];
  const input = modalities(entry.inputModalities);
  const capabilities = new Set<string>();
  if (output.includes('TEXT') && callable) capabilities.add('chat');
  if (output.includes('EMBEDDING')) capabilities.add('embedding');
  if (output.includes('IMAGE')) capabilities.add('image');
  if (output.includes('VIDEO')) capabilities.add('video');
  if (output.includes('SPEECH') || output.includes('AUDIO')) capabilities.add('speech');
  if (capabilities.has('chat') && input?.includes('image') === true) capabilities.add('vision');
  const model: ModelInfo = { id: entry.modelId, capabilities: capabilities.size > 0 ? [...capabilities] : ['other'] };
  if (entry.modelName !== undefined) model.displayName = entry.modelName;
  if (input !== undefined) model.inputModalities = input;
  const out = modalities(output);
  if (out !== undefined) model.outputModalities = out;
  if (entry.modelLifecycle?.status === 'LEGACY') model.deprecated = 'legacy';
  return model;
}

function modalities(values: readonly string[] | undefined): Modality[] | undefined {
  const known = [...new Set((values ?? []).map((value) => MODALITY[value]).filter((modality) => modality !== undefined))];
  return known.length > 0 ? known : undefined;
}

/** `arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-…` → `anthropic.claude-…`. */
function baseModelId(arn: string | undefined): string | undefined {
  const match = arn === undefined ? null : /:foundation-model\/(.+)$/.exec(arn);
  return match?.[1];
}
