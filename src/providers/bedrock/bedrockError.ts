import { ProviderError } from '../../errors/ProviderError.js';

/**
 * An AWS SDK failure as a {@link ProviderError}. The message is ours, built from the error's
 * name and status only: SDK messages may quote request details, and never reach a user as is.
 */
export function bedrockError(provider: string, error: unknown): ProviderError {
  const name = error instanceof Error ? error.name : 'Error';
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata?.httpStatusCode;
  const httpStatus = typeof status === 'number' ? status : undefined;
  const options = { status: httpStatus };
  if (name === 'CredentialsProviderError' || name === 'ExpiredTokenException' || name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || httpStatus === 401) {
    return new ProviderError(provider, 'auth', `AWS refused or found no credentials (${name}); configure the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO or an instance role)`, options);
  }
  if (name === 'AccessDeniedException' || httpStatus === 403) {
    return new ProviderError(provider, 'forbidden', `these credentials may not list models (${name}); allow bedrock:ListFoundationModels and bedrock:ListInferenceProfiles`, options);
  }
  if (name === 'ThrottlingException' || httpStatus === 429) {
    return new ProviderError(provider, 'rate_limited', `AWS is throttling the listing (${name}); try again later`, options);
  }
  if (name === 'TimeoutError' || name === 'AbortError') return new ProviderError(provider, 'timeout', 'Bedrock did not answer in time; try again later', options);
  const networkCode = (error as { code?: unknown } | null)?.code;
  if (httpStatus === undefined && typeof networkCode === 'string') {
    return new ProviderError(provider, 'network', `could not reach Bedrock (${networkCode}); check the region, endpoint and network`, options);
  }
  return new ProviderError(provider, httpStatus === undefined ? 'failed' : 'http_error', `listing Bedrock models failed (${name}${httpStatus === undefined ? '' : `, ${httpStatus}`})`, options);
}
