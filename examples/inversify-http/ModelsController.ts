// A controller for inversify's HTTP framework (@inversifyjs/http-core) that hands the native
// Express request and response to the catalog's Node handler: every route, option and answer
// stays the handler's own (ETag/304, event streams, refresh), none is re-implemented here.
import { All, Controller, Next, Request, Response } from '@inversifyjs/http-core';
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { inject } from 'inversify';
import { TYPES, type ModelsHandler } from 'scoped-models';

@Controller('/v1/models')
export class ModelsController {
  constructor(@inject(TYPES.ModelsHandler) private readonly handler: ModelsHandler) {}

  @All('/')
  list(@Request() req: ExpressRequest, @Response() res: ExpressResponse, @Next() next: NextFunction): void {
    this.handler(req, res, next);
  }

  /** `/v1/models/{id}`, `/complete`, `/events`, `/refresh`: ids hold slashes, so one wildcard route. */
  @All('/*rest')
  below(@Request() req: ExpressRequest, @Response() res: ExpressResponse, @Next() next: NextFunction): void {
    this.handler(req, res, next);
  }
}
