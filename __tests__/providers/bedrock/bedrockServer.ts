import type { FakeServer, RecordedRequest } from '../../helpers/fakeProviderServer.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';

/** The static test credentials the SDK signs with (never real ones). */
export const TEST_CREDENTIALS = { accessKeyId: 'AKIDSCOPEDMODELSTEST', secretAccessKey: 'test-secret-0123456789abcdef' };

/** Options of {@link startBedrockServer}. */
export interface BedrockServerOptions {
  foundations: unknown;
  profiles: readonly unknown[];
  /** Profiles per page of `ListInferenceProfiles`. Default 1000. */
  pageSize?: number;
  /** Answer every request with this status and Bedrock's error shape instead. */
  failWith?: { status: number; type: string; message: string };
}

/**
 * Answers like Bedrock's control plane: `GET /foundation-models` and `GET /inference-profiles`
 * (`maxResults`, `nextToken`). A request without a SigV4 `Authorization` header made with the
 * test key gets 403, as AWS answers unsigned requests.
 */
export function startBedrockServer(options: BedrockServerOptions): Promise<FakeServer> {
  return startFakeServer((_req, res, request) => {
    if (!signedWithTestKey(request)) {
      return sendJson(res, 403, { message: 'Missing Authentication Token' }, { 'x-amzn-errortype': 'MissingAuthenticationTokenException' });
    }
    if (options.failWith !== undefined) {
      const { status, type, message } = options.failWith;
      return sendJson(res, status, { message }, { 'x-amzn-errortype': type });
    }
    if (request.path === '/foundation-models') return sendJson(res, 200, options.foundations);
    if (request.path === '/inference-profiles') {
      const size = Math.min(Number(request.query.get('maxResults') ?? '1000'), options.pageSize ?? 1000);
      const start = Number(request.query.get('nextToken') ?? '0');
      const next = start + size < options.profiles.length ? String(start + size) : undefined;
      return sendJson(res, 200, { inferenceProfileSummaries: options.profiles.slice(start, start + size), ...(next === undefined ? {} : { nextToken: next }) });
    }
    return sendJson(res, 404, { message: 'Unknown operation' }, { 'x-amzn-errortype': 'UnknownOperationException' });
  });
}

/** `AWS4-HMAC-SHA256 Credential=AKID…/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=…, Signature=…`. */
export function signedWithTestKey(request: RecordedRequest): boolean {
  const authorization = request.headers.authorization ?? '';
  return /^AWS4-HMAC-SHA256 Credential=AKIDSCOPEDMODELSTEST\/\d{8}\/[a-z0-9-]+\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.test(authorization);
}
