// A Next.js App Router route handler: app/v1/models/[[...path]]/route.ts answers /v1/models and
// every path below it (/complete, /events, /{id}) with the Web-standard handler.
import { modelsHandler } from '../../../../lib/models.js';

export const dynamic = 'force-dynamic'; // the list changes: never prerender it
export const runtime = 'nodejs';

export function GET(request: Request): Promise<Response> {
  return modelsHandler(request);
}

export const HEAD = GET;
export const POST = GET; // POST /v1/models/refresh, when the handler is given an adminToken
