import { describe, expect, it } from '@jest/globals';
import { ModelListResponder } from '../../src/server/ModelListResponder.js';
import { FakeCatalog } from './FakeCatalog.js';

/** The 64 queries the responder keeps, and one more: each asks a different min_context. */
const QUERIES = Array.from({ length: 65 }, (_, i) => ({ minContextWindow: i + 1 }));

function catalog(): FakeCatalog {
  return new FakeCatalog({ openai: [{ id: 'gpt-4o', contextWindow: 128_000 }] });
}

describe(ModelListResponder, () => {
  describe('.respond', () => {
    // A kept body is answered as the very same bytes; a body serialised afresh is a new buffer.
    describe('when more distinct queries come than it keeps', () => {
      it('should keep the bodies of the 64 latest and serialise the oldest afresh', () => {
        const responder = new ModelListResponder(catalog(), false);
        const first = QUERIES.map((query) => responder.respond(query, undefined).body);

        const kept = QUERIES.slice(1).map((query) => responder.respond(query, undefined).body);
        const oldest = responder.respond(QUERIES[0], undefined).body;

        expect(kept.every((body, i) => body === first[i + 1])).toBe(true);
        expect(oldest).not.toBe(first[0]);
        expect(oldest).toEqual(first[0]);
      });
    });

    describe('when the catalog changes while 64 queries are kept', () => {
      it('should rebuild each asked query in its place and evict none of the rebuilt ones', () => {
        const fake = catalog();
        const responder = new ModelListResponder(fake, false);
        for (const query of QUERIES.slice(0, 64)) responder.respond(query, undefined);
        fake.setShared('openai', [{ id: 'gpt-4o', contextWindow: 128_000 }, { id: 'o3', contextWindow: 200_000 }]);

        const rebuilt = [1, 0, 2].map((i) => responder.respond(QUERIES[i], undefined).body);
        const again = [1, 0, 2].map((i) => responder.respond(QUERIES[i], undefined).body);

        expect(again.every((body, i) => body === rebuilt[i])).toBe(true);
      });
    });
  });
});
