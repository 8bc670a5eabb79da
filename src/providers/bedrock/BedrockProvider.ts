import { z } from 'zod';
import { ProviderError } from '../../errors/ProviderError.js';
import { ScopedModelsError } from '../../errors/ScopedModelsError.js';
import { systemClock, type Clock } from '../../time/Clock.js';
import { collectPages } from '../collectPages.js';
import type { ModelListing, ModelProvider } from '../ModelProvider.js';
import { bedrockError } from './bedrockError.js';
import { loadBedrockSdk, type BedrockSdk, type BedrockSdkImporter } from './loadBedrockSdk.js';
import { readBedrockModels } from './readBedrockModels.js';

/** Static credentials, for programs and tests that hold them; the config file never does. */
export interface BedrockCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
}

/** Options of a {@link BedrockProvider}; times in milliseconds. */
export interface BedrockProviderOptions {
  /** The scope of the provider's models: `bedrock` in `bedrock/us.anthropic.claude-…`. */
  name: string;
  /** The AWS region; without one the provider is unavailable (skipped). */
  region?: string | undefined;
  /** Another endpoint than the region's (a VPC endpoint, a test server). */
  endpoint?: string | undefined;
  /** Default: the AWS SDK's own chain (environment, `AWS_PROFILE`, SSO, instance role…). */
  credentials?: BedrockCredentials | undefined;
  /** The whole listing (both calls, pages and retries) ends by then. Default 10000. */
  timeoutMs?: number | undefined;
  /** Retries of one call after a throttle or a server error. Default 2. */
  retries?: number | undefined;
  /** Default the system clock. */
  clock?: Clock | undefined;
  /** Loads `@aws-sdk/client-bedrock`; default a dynamic import. */
  importSdk?: BedrockSdkImporter | undefined;
}

const foundationsSchema = z.object({ modelSummaries: z.array(z.unknown()) });
const profilesSchema = z.object({ inferenceProfileSummaries: z.array(z.unknown()).optional(), nextToken: z.string().nullable().optional() });

/**
 * AWS Bedrock: `ListFoundationModels` and `ListInferenceProfiles` through
 * `@aws-sdk/client-bedrock`, an optional peer dependency loaded on first use. Credentials come
 * from the SDK's default chain. See {@link readBedrockModels} for what counts as chat.
 * @example new BedrockProvider({ name: 'bedrock', region: 'us-east-1' })
 */
export class BedrockProvider implements ModelProvider {
  readonly name: string;
  readonly unavailableReason: string | undefined;
  readonly #options: BedrockProviderOptions;
  readonly #clock: Clock;
  #sdk: Promise<BedrockSdk> | undefined;

  constructor(options: BedrockProviderOptions) {
    this.name = options.name;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.unavailableReason = options.region === undefined ? 'no AWS region: set region in the config or AWS_REGION' : undefined;
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    signal.throwIfAborted();
    this.#sdk ??= loadBedrockSdk(this.name, this.#options.importSdk);
    // A failed load is not kept: installing the package later must not need a restart.
    const sdk = await this.#sdk.catch((error: unknown) => {
      this.#sdk = undefined;
      throw error;
    });
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const timeoutMs = this.#options.timeoutMs ?? 10_000;
    const cancelTimer = this.#clock.setTimer(() => controller.abort(new ProviderError(this.name, 'timeout', `no answer within ${timeoutMs} ms; try again later`)), timeoutMs, { keepAlive: true });
    const client = new sdk.BedrockClient(this.#clientConfig());
    try {
      const send = (command: unknown): Promise<unknown> => client.send(command, { abortSignal: controller.signal });
      const [foundations, profiles] = await Promise.all([this.#foundations(sdk, send), this.#profiles(sdk, send, controller.signal)]);
      return readBedrockModels(foundations, profiles);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      // Only the timer aborts the controller with a ProviderError (the caller's abort is handled above).
      if (controller.signal.reason instanceof ProviderError) throw controller.signal.reason;
      if (ScopedModelsError.is(error)) throw error;
      throw bedrockError(this.name, error);
    } finally {
      cancelTimer();
      signal.removeEventListener('abort', onAbort);
      client.destroy();
    }
  }

  #clientConfig(): Record<string, unknown> {
    const { region, endpoint, credentials, retries } = this.#options;
    // The SDK reads an undefined endpoint or credentials as not given (its default chain).
    return { region, endpoint, credentials, maxAttempts: (retries ?? 2) + 1 };
  }

  async #foundations(sdk: BedrockSdk, send: (command: unknown) => Promise<unknown>): Promise<unknown[]> {
    const answer = foundationsSchema.safeParse(await send(new sdk.ListFoundationModelsCommand({})));
    if (!answer.success) throw new ProviderError(this.name, 'bad_response', 'ListFoundationModels held no "modelSummaries"; check endpoint');
    return answer.data.modelSummaries;
  }

  #profiles(sdk: BedrockSdk, send: (command: unknown) => Promise<unknown>, signal: AbortSignal): Promise<unknown[]> {
    return collectPages(this.name, signal, async (nextToken) => {
      const answer = profilesSchema.safeParse(await send(new sdk.ListInferenceProfilesCommand({ maxResults: 1000, nextToken })));
      if (!answer.success) throw new ProviderError(this.name, 'bad_response', 'ListInferenceProfiles answered in an unknown shape; check endpoint');
      return { entries: answer.data.inferenceProfileSummaries ?? [], next: answer.data.nextToken || undefined };
    });
  }
}

