import type { ModelCatalogReader } from '../../manager/ModelCatalogReader.js';
import { CompletionRoute } from '../CompletionRoute.js';
import { ModelListResponder } from '../ModelListResponder.js';

/** The routes that answer from one reader (the shared catalog, or one tenant's view), with their caches. */
export interface ReaderRoutes {
  readonly reader: ModelCatalogReader;
  /** A tenant's: answers are marked `Cache-Control: private`. */
  readonly isPrivate: boolean;
  readonly cacheControl: string;
  readonly list: ModelListResponder;
  readonly completion: CompletionRoute;
}

/** The routes over `reader`; their caches live as long as the returned object. */
export function readerRoutes(reader: ModelCatalogReader, isPrivate: boolean, maxCompletions: number): ReaderRoutes {
  return {
    reader,
    isPrivate,
    cacheControl: isPrivate ? 'private, no-cache' : 'no-cache',
    list: new ModelListResponder(reader, isPrivate),
    completion: new CompletionRoute(reader, { maxItems: maxCompletions, isPrivate }),
  };
}
