import { BedrockSdkMissingError } from '../../errors/BedrockSdkMissingError.js';

/** What is used of `@aws-sdk/client-bedrock`, typed here so that our types never need the package. */
export interface BedrockSdk {
  BedrockClient: new (config: Record<string, unknown>) => BedrockClientLike;
  ListFoundationModelsCommand: new (input: Record<string, unknown>) => unknown;
  ListInferenceProfilesCommand: new (input: Record<string, unknown>) => unknown;
}

/** A Bedrock control-plane client: sends one command, honouring the abort signal. */
export interface BedrockClientLike {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}

/** Loads the SDK module; a test injects one that fails as a missing package does. */
export type BedrockSdkImporter = () => Promise<unknown>;

/** The real import, only run when a `bedrock` provider lists its models. */
export const importBedrockSdk: BedrockSdkImporter = () => import('@aws-sdk/client-bedrock');

/**
 * Loads the optional peer dependency `@aws-sdk/client-bedrock`.
 * @throws {BedrockSdkMissingError} when it is not installed (or not the module expected).
 */
export async function loadBedrockSdk(provider: string, importer: BedrockSdkImporter = importBedrockSdk): Promise<BedrockSdk> {
  let module: unknown;
  try {
    module = await importer();
  } catch (error) {
    throw new BedrockSdkMissingError(provider, { cause: error });
  }
  if (!isBedrockSdk(module)) throw new BedrockSdkMissingError(provider, { outdated: true });
  return module;
}

function isBedrockSdk(value: unknown): value is BedrockSdk {
  if (typeof value !== 'object' || value === null) return false;
  const sdk = value as Record<string, unknown>;
  return ['BedrockClient', 'ListFoundationModelsCommand', 'ListInferenceProfilesCommand'].every((name) => typeof sdk[name] === 'function');
}
