import { z } from 'zod';
import { ConfigError } from '../../errors/ConfigError.js';
import { ProviderError } from '../../errors/ProviderError.js';
import { systemClock, type Clock } from '../../time/Clock.js';
import { HttpModelProvider, type HttpProviderOptions } from '../HttpModelProvider.js';
import type { ModelListing } from '../ModelProvider.js';
import { AZURE_ENDPOINT_ENV, TYPE_DEFAULTS } from '../providerDefaults.js';
import { readAzureModels, type AzureDeployment } from './readAzureModels.js';

/** Options of an {@link AzureOpenAiProvider}. */
export interface AzureOpenAiProviderOptions extends HttpProviderOptions {
  /**
   * The resource endpoint, `https://<resource>.openai.azure.com` (what `AZURE_OPENAI_ENDPOINT`
   * holds); `/openai/v1` is added. Required.
   */
  baseUrl?: string | undefined;
  /** Deployments to list under their own names (`azure/prod-4o`), with the facts of their model. */
  deployments?: readonly AzureDeployment[] | undefined;
}

const listSchema = z.object({ data: z.array(z.unknown()) });

/**
 * Azure OpenAI, through the v1 data-plane API: `GET {endpoint}/openai/v1/models` with the
 * `api-key` header. Azure's `capabilities` flags decide what each model does, and
 * `deprecation.inference` its retirement date; a retired model leaves the chat list.
 * @example new AzureOpenAiProvider({ name: 'azure', baseUrl: 'https://my-resource.openai.azure.com', apiKey: process.env.AZURE_OPENAI_API_KEY })
 */
export class AzureOpenAiProvider extends HttpModelProvider {
  readonly #clock: Clock;
  readonly #deployments: readonly AzureDeployment[];

  /** @throws {ConfigError} naming `baseUrl` when no endpoint is given. */
  constructor(options: AzureOpenAiProviderOptions) {
    if (options.baseUrl === undefined) {
      throw new ConfigError(
        [{ path: 'baseUrl', message: `azure-openai needs your resource endpoint: set baseUrl (e.g. "https://my-resource.openai.azure.com") or ${AZURE_ENDPOINT_ENV}` }],
        `provider "${options.name}"`,
      );
    }
    super({ ...options, baseUrl: v1BaseUrl(options.baseUrl) }, TYPE_DEFAULTS['azure-openai']);
    this.#clock = options.clock ?? systemClock;
    this.#deployments = options.deployments ?? [];
  }

  async listModels(signal: AbortSignal): Promise<ModelListing> {
    const listing = this.beginListing(signal);
    const { body } = await this.getJson(this.endpoint('/models'), listing);
    const list = listSchema.safeParse(body);
    if (!list.success) {
      throw new ProviderError(this.name, 'bad_response', 'the answer held no "data" list; check that baseUrl is your Azure OpenAI resource endpoint');
    }
    return readAzureModels(list.data.data, this.#clock.now(), this.#deployments);
  }

  protected authHeaders(key: string): Record<string, string> {
    return { 'api-key': key };
  }
}

/** `https://x.openai.azure.com`, `…/openai` or `…/openai/v1` (with or without a slash) → `…/openai/v1`. */
function v1BaseUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '').replace(/\/openai(\/v1)?$/i, '')}/openai/v1`;
}
