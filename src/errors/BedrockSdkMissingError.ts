import { ScopedModelsError } from './ScopedModelsError.js';

/** The package a `bedrock` provider needs, an optional peer dependency of this one. */
export const BEDROCK_SDK_PACKAGE = '@aws-sdk/client-bedrock';

/** A `bedrock` provider is configured but the AWS SDK's Bedrock client is not installed. */
export class BedrockSdkMissingError extends ScopedModelsError {
  /** The provider that needs it. */
  readonly provider: string;

  constructor(provider: string, options?: { cause?: unknown }) {
    super('bedrock_sdk_missing', `${provider}: listing Bedrock models needs the AWS SDK; install it with "npm install ${BEDROCK_SDK_PACKAGE}"`, options);
    this.provider = provider;
  }
}
