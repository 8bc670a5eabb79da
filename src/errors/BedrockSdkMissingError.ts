import { ScopedModelsError } from './ScopedModelsError.js';

/** The package a `bedrock` provider needs, an optional peer dependency of this one. */
export const BEDROCK_SDK_PACKAGE = '@aws-sdk/client-bedrock';

/** A `bedrock` provider is configured but the AWS SDK's Bedrock client is not installed. */
export class BedrockSdkMissingError extends ScopedModelsError {
  /** The provider that needs it. */
  readonly provider: string;

  /** `outdated` when the package loads but lacks `ListInferenceProfiles` (a release older than mid-2024). */
  constructor(provider: string, options?: { cause?: unknown; outdated?: boolean }) {
    const what = options?.outdated === true ? 'a newer AWS SDK' : 'the AWS SDK';
    super('bedrock_sdk_missing', `${provider}: listing Bedrock models needs ${what}; install it with "npm install ${BEDROCK_SDK_PACKAGE}@latest"`, { cause: options?.cause });
    this.provider = provider;
  }
}
