import { describe, expect, it } from '@jest/globals';
import { bedrockError } from '../../../src/providers/bedrock/bedrockError.js';

/** An error shaped like the AWS SDK's: a name, and `$metadata.httpStatusCode` when a response came. */
function sdkError(name: string, status?: number, code?: string): Error {
  const error = new Error('request details the user must not see: https://bedrock.example/?X-Amz-Signature=abc');
  error.name = name;
  Object.assign(error, { ...(status === undefined ? {} : { $metadata: { httpStatusCode: status } }), ...(code === undefined ? {} : { code }) });
  return error;
}

describe('bedrockError', () => {
  describe.each([
    ['CredentialsProviderError', undefined, 'auth'],
    ['ExpiredTokenException', 400, 'auth'],
    ['UnrecognizedClientException', 403, 'auth'],
    ['InvalidSignatureException', 403, 'auth'],
    ['SomethingElse', 401, 'auth'],
    ['AccessDeniedException', 400, 'forbidden'],
    ['SomethingElse', 403, 'forbidden'],
    ['ThrottlingException', 400, 'rate_limited'],
    ['SomethingElse', 429, 'rate_limited'],
    ['TimeoutError', undefined, 'timeout'],
    ['AbortError', undefined, 'timeout'],
    ['ValidationException', 400, 'http_error'],
    ['SomethingElse', undefined, 'failed'],
  ] as const)('when the SDK throws %s with status %p', (name, status, code) => {
    it(`should report ${code}, with the status, and never the SDK's message`, () => {
      const error = bedrockError('bedrock', sdkError(name, status));
      expect(error.code).toBe(code);
      expect(error.status).toBe(status);
      expect(error.message).toContain(name === 'TimeoutError' || name === 'AbortError' ? 'did not answer in time' : `(${name}`);
      expect(error.message).not.toContain('X-Amz-Signature');
    });
  });

  it('should say what to do for each kind', () => {
    expect(bedrockError('b', sdkError('CredentialsProviderError')).message).toBe(
      "b: AWS refused or found no credentials (CredentialsProviderError); configure the AWS SDK's default chain (AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO or an instance role)",
    );
    expect(bedrockError('b', sdkError('AccessDeniedException', 403)).message).toBe(
      'b: these credentials may not list models (AccessDeniedException); allow bedrock:ListFoundationModels and bedrock:ListInferenceProfiles',
    );
    expect(bedrockError('b', sdkError('ThrottlingException', 429)).message).toBe('b: AWS is throttling the listing (ThrottlingException); try again later');
    expect(bedrockError('b', sdkError('TimeoutError')).message).toBe('b: Bedrock did not answer in time; try again later');
    expect(bedrockError('b', sdkError('ValidationException', 400)).message).toBe('b: listing Bedrock models failed (ValidationException, 400)');
    expect(bedrockError('b', sdkError('SomethingElse')).message).toBe('b: listing Bedrock models failed (SomethingElse)');
  });

  describe('when no response came and the error carries a network code', () => {
    it('should report a network failure naming the code', () => {
      const error = bedrockError('b', sdkError('Error', undefined, 'ECONNREFUSED'));
      expect(error).toMatchObject({ code: 'network', status: undefined });
      expect(error.message).toBe('b: could not reach Bedrock (ECONNREFUSED); check the region, endpoint and network');
    });
  });

  describe('when a response came along with a code', () => {
    it('should report the HTTP failure, not a network one', () => {
      expect(bedrockError('b', sdkError('InternalServerException', 500, 'ECONNRESET'))).toMatchObject({ code: 'http_error', status: 500 });
    });
  });

  describe('when what was thrown is not an Error', () => {
    it.each([null, undefined, 'boom', { $metadata: { httpStatusCode: '500' } }])('should report %p as a failure named Error', (thrown) => {
      expect(bedrockError('b', thrown)).toMatchObject({ code: 'failed', status: undefined, message: 'b: listing Bedrock models failed (Error)' });
    });
  });
});
