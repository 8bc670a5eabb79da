import type { ConfigIssue } from '../errors/ConfigError.js';
import { isScopableName } from '../manager/scopedId.js';
import { COMPATIBLE_PRESETS } from './schema.js';

/**
 * The checks that span fields (unique names, names against the separator, fields that exclude
 * one another). They read the raw input defensively, so they report even when other fields
 * are malformed: a user sees every problem at once.
 */
export function crossFieldIssues(input: unknown): ConfigIssue[] {
  if (!isRecord(input) || !Array.isArray(input['providers'])) return [];
  const separator = typeof input['separator'] === 'string' && input['separator'] !== '' ? input['separator'] : '/';
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  input['providers'].forEach((provider: unknown, index) => {
    if (!isRecord(provider)) return;
    const at = (field: string): string => `providers[${index}].${field}`;
    const { name } = provider;
    if (typeof name === 'string') {
      if (seen.has(name)) issues.push({ path: at('name'), message: `duplicate provider name "${name}"` });
      seen.add(name);
      if (name !== '' && !isScopableName(name, separator)) {
        issues.push({ path: at('name'), message: `a provider name may not contain the separator "${separator}", nor end in a way that forms it` });
      }
    }
    if (provider['type'] === 'static' && provider['models'] === undefined) {
      issues.push({ path: at('models'), message: 'a static provider needs a models list' });
    }
    if (provider['apiKey'] !== undefined && provider['apiKeyEnv'] !== undefined) {
      issues.push({ path: at('apiKey'), message: 'give apiKey or apiKeyEnv, not both' });
    }
    if (provider['type'] === 'static' && provider['tenantKeys'] !== undefined && provider['tenantKeys'] !== 'none') {
      issues.push({ path: at('tenantKeys'), message: 'a static provider takes no key, so tenants cannot bring one' });
    }
    if (provider['type'] === 'openai-compatible' && provider['preset'] === undefined && provider['baseUrl'] === undefined) {
      issues.push({
        path: at('baseUrl'),
        message: `an openai-compatible provider needs its server's address: add "baseUrl": "http://127.0.0.1:8000/v1" (the URL its /models answers under), or a "preset": one of ${COMPATIBLE_PRESETS.join(', ')}`,
      });
    }
    if (provider['preset'] !== undefined && provider['type'] !== 'openai-compatible') {
      issues.push({ path: at('preset'), message: 'preset applies only to type "openai-compatible"' });
    }
    issues.push(...cloudFieldIssues(provider, at));
  });
  return issues;
}

/** Fields that belong to one cloud type only, and the credentials bedrock never takes from a file. */
function cloudFieldIssues(provider: Record<string, unknown>, at: (field: string) => string): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (provider['deployments'] !== undefined && provider['type'] !== 'azure-openai') {
    issues.push({ path: at('deployments'), message: 'deployments applies only to type "azure-openai"' });
  }
  if (provider['region'] !== undefined && provider['type'] !== 'bedrock') {
    issues.push({ path: at('region'), message: 'region applies only to type "bedrock"' });
  }
  if (provider['type'] === 'bedrock') {
    for (const field of ['apiKey', 'apiKeyEnv']) {
      if (provider[field] !== undefined) {
        issues.push({ path: at(field), message: 'bedrock takes credentials from the AWS SDK default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID…), never from the config; remove it' });
      }
    }
  }
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
