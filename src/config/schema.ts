import { z } from 'zod';
import { Secret } from './Secret.js';

/** Provider types that have an adapter. */
export const PROVIDER_TYPES = [
  'static',
  'openai',
  'openai-compatible',
  'anthropic',
  'gemini',
  'ollama',
  'openrouter',
  'azure-openai',
  'cohere',
  'bedrock',
] as const;

/** Presets of the `openai-compatible` type: a default base URL and key variable each. */
export const COMPATIBLE_PRESETS = [
  'groq',
  'mistral',
  'deepseek',
  'xai',
  'together',
  'lmstudio',
  'vllm',
  'llamacpp',
  'huggingface',
] as const;

const providerName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

const modelEntry = z.union([
  z.string().min(1, 'expected a non-empty model id'),
  z.strictObject({
    id: z.string().min(1, 'expected a non-empty model id'),
    displayName: z.string().optional(),
    contextWindow: z.number().int().positive().optional(),
    capabilities: z.array(z.string().min(1)).optional(),
  }),
]);

const glob = z.string().min(1, 'expected a non-empty pattern');

// An Azure deployment: the name callers use, and the model it runs (whose facts it takes).
const deployment = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected an Azure deployment name: letters, digits, ".", "_" or "-"'),
  model: z.string().min(1, 'expected the id of the model this deployment runs, e.g. "gpt-4o"'),
});

const providerSchema = z.strictObject({
  name: providerName,
  type: z.enum(PROVIDER_TYPES),
  enabled: z.boolean().default(true),
  apiKey: z
    .string()
    .min(1, 'expected a non-empty key')
    .transform((key) => new Secret(key))
    .optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
  baseUrl: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  preset: z.enum(COMPATIBLE_PRESETS).optional(),
  // Header values may be credentials (a proxy's Authorization): all are kept as secrets.
  headers: z
    .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'expected an HTTP header name'), z.string())
    .transform((headers) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, new Secret(value)])))
    .optional(),
  models: z.array(modelEntry).optional(),
  include: z.array(glob).optional(),
  exclude: z.array(glob).optional(),
  /** `azure-openai` only: deployment names listed with the facts of the model each runs. */
  deployments: z.array(deployment).optional(),
  /** `bedrock` only: the AWS region; default `AWS_REGION`. */
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region such as "us-east-1"').optional(),
  /**
   * Whether tenants bring their own key (see docs/tenants.md): `none` (default) everyone uses the
   * configured key; `optional` a tenant's own key when it brings one, else the configured key;
   * `required` only tenants with their own key see this provider.
   */
  tenantKeys: z.enum(['none', 'optional', 'required']).optional(),
});

const positiveMs = z.number().int().positive();

/** The defaults of `tenants`: credentials' lists held at once, and how long one is fresh (ms). */
export const TENANT_DEFAULTS = { maxCredentials: 10_000, ttlMs: 3_600_000 } as const;

export const configSchema = z
  .strictObject({
    providers: z.array(providerSchema).default([]),
    separator: z
      .string()
      .min(1)
      .max(4)
      .regex(/^\S+$/, 'expected no white space')
      .default('/'),
    cache: z
      .strictObject({
        strategy: z.enum(['null-sentinel', 'lru']).optional(),
        max: z.number().int().positive().default(256),
        ttlMs: positiveMs.optional(),
      })
      .default({ max: 256 }),
    discovery: z
      .strictObject({
        timeoutMs: positiveMs.default(10_000),
        requestTimeoutMs: positiveMs.default(5_000),
        retries: z.number().int().min(0).max(10).default(2),
        maxBodyBytes: positiveMs.default(32 * 1024 * 1024),
        refreshIntervalMs: positiveMs.optional(),
      })
      .default({ timeoutMs: 10_000, requestTimeoutMs: 5_000, retries: 2, maxBodyBytes: 32 * 1024 * 1024 }),
    store: z
      .strictObject({
        type: z.enum(['memory', 'file', 'redis']),
        url: z
          .string()
          .regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL')
          .transform((url) => new Secret(url))
          .optional(),
        prefix: z.string().min(1).regex(/^[^\s]+$/, 'expected no white space').default('scoped-models'),
        path: z.string().min(1).optional(),
        pollMs: positiveMs.default(5_000),
        // A Redis Cluster: some nodes' URLs (credentials in the first); or a Sentinel-guarded primary.
        nodes: z
          .array(z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').transform((url) => new Secret(url)))
          .min(1, 'expected at least one node URL')
          .optional(),
        sentinels: z.array(z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65_535) })).min(1, 'expected at least one sentinel').optional(),
        masterName: z.string().min(1).optional(),
        /** Redis only: how long one command may take, connecting included, before the store counts as down. */
        commandTimeoutMs: positiveMs.optional(),
      })
      .optional(),
    tenants: z
      .strictObject({
        maxCredentials: z.number().int().positive().default(TENANT_DEFAULTS.maxCredentials),
        ttlMs: positiveMs.default(TENANT_DEFAULTS.ttlMs),
        // The secret itself never sits in a config file: only the name of the variable holding it.
        fingerprintSecretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
      })
      .optional(),
    metadata: z
      .strictObject({
        // The bundled models.dev catalog fills facts providers do not send; false turns it off.
        catalog: z.boolean().default(true),
      })
      .optional(),
    serve: z
      .strictObject({
        // The token itself never sits in a config file: only the name of the variable holding it.
        adminTokenEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name').optional(),
        /** How long a connection may take to send a request's headers, in ms (`serve` default 10 000). */
        headersTimeoutMs: positiveMs.optional(),
        /** How long an idle kept-alive connection stays open, in ms (`serve` default 5 000). */
        keepAliveTimeoutMs: positiveMs.optional(),
        /** The most connections open at once (`serve` default 1 024). */
        maxConnections: z.number().int().positive().optional(),
      })
      .optional(),
  });

/** A configuration as a user writes it (JSON): every default may be left out. */
export type ScopedModelsConfigInput = z.input<typeof configSchema>;

/** A validated configuration with every default filled in and keys wrapped as {@link Secret}. */
export type ScopedModelsConfig = z.output<typeof configSchema>;

/** One validated provider entry. */
export type ProviderConfig = ScopedModelsConfig['providers'][number];

/** Whether tenants bring their own key for a provider; absent means `none`. */
export type TenantKeysMode = NonNullable<ProviderConfig['tenantKeys']>;

/** One entry of a provider's `models` list, as written. */
export type ModelEntryConfig = NonNullable<ProviderConfig['models']>[number];
