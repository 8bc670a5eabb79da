import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { ModelCommandCompleter, type ReadlineCompleter } from '../../src/completion/ModelCommandCompleter.js';
import { commonPrefix, readlineResult } from '../../src/completion/readlineResult.js';
import { CATALOG, managerOf } from './completerFixtures.js';

/** Types `keys` into a real node:readline interface on a fake terminal; returns the line and what was printed. */
async function typeInto(completer: ReadlineCompleter, keys: string[]): Promise<{ line: string; printed: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const rl = createInterface({ input, output, completer, terminal: true });
  try {
    for (const key of keys) {
      input.write(key);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return { line: rl.line, printed };
  } finally {
    rl.close();
  }
}

const SONNETS = { anthropic: ['claude-sonnet-4-5', 'claude-sonnet-4'] };

describe('ModelCommandCompleter', () => {
  describe('.readlineCompleter', () => {
    describe('when one model matches', () => {
      it('should replace the typed word with its id, even a fuzzy one', async () => {
        const completer = new ModelCommandCompleter(managerOf(CATALOG)).readlineCompleter();
        expect((await typeInto(completer, ['/model cs45', '\t'])).line).toBe('/model anthropic/claude-sonnet-4-5');
        expect((await typeInto(completer, ['/model o3', '\t'])).line).toBe('/model openai/o3');
      });
    });

    describe('when several models match and their common prefix extends the word', () => {
      it('should extend the word to that prefix', async () => {
        const completer = new ModelCommandCompleter(managerOf(SONNETS)).readlineCompleter();
        expect((await typeInto(completer, ['/model anthropic/claude-s', '\t'])).line).toBe('/model anthropic/claude-sonnet-4');
      });

      it('should extend it ignoring case', async () => {
        const completer = new ModelCommandCompleter(managerOf(SONNETS)).readlineCompleter();
        expect((await typeInto(completer, ['/model ANTHROPIC/CL', '\t'])).line).toBe('/model anthropic/claude-sonnet-4');
      });

      it('should complete the command word', async () => {
        const completer = new ModelCommandCompleter(managerOf(SONNETS)).readlineCompleter();
        expect((await typeInto(completer, ['/mo', '\t'])).line).toBe('/model');
      });
    });

    describe('when several models match and their common prefix does not extend the word', () => {
      it('should keep the word and list the matches on the second Tab', async () => {
        const completer = new ModelCommandCompleter(managerOf(SONNETS)).readlineCompleter();
        const once = await typeInto(completer, ['/model sonnet', '\t']);
        expect(once.line).toBe('/model sonnet');
        const twice = await typeInto(completer, ['/model sonnet', '\t', '\t']);
        expect(twice.line).toBe('/model sonnet');
        expect(twice.printed).toContain('anthropic/claude-sonnet-4-5');
        expect(twice.printed).toMatch(/anthropic\/claude-sonnet-4\s/);
      });

      it('should be needed: node:readline alone would replace the word with the shorter common prefix', async () => {
        const manager = managerOf(SONNETS);
        const model = new ModelCommandCompleter(manager);
        const naive: ReadlineCompleter = (line) => {
          const { items, from } = model.complete(line);
          return [items, line.slice(from)];
        };
        expect((await typeInto(naive, ['/model sonnet', '\t'])).line).toBe('/model anthropic/claude-sonnet-4');
        const common = new ModelCommandCompleter(managerOf({ p: ['gpt-4o-x', 'gpt-4o-y'] }));
        const naiveCommon: ReadlineCompleter = (line) => [common.complete(line).items, line.slice(common.complete(line).from)];
        // Typed `4o-`, both ids share `p/gpt-4o-`: readline would put that in place of the word.
        expect((await typeInto(naiveCommon, ['/model 4o-', '\t'])).line).toBe('/model p/gpt-4o-');
        expect((await typeInto(common.readlineCompleter(), ['/model 4o-', '\t'])).line).toBe('/model 4o-');
      });
    });

    describe('when nothing matches', () => {
      it('should leave the line alone', async () => {
        const completer = new ModelCommandCompleter(managerOf(CATALOG)).readlineCompleter();
        expect((await typeInto(completer, ['/model zzz', '\t', '\t'])).line).toBe('/model zzz');
        expect((await typeInto(completer, ['hello', '\t'])).line).toBe('hello');
      });
    });

    describe('when Tab is pressed on any line', () => {
      it('should never shorten or rewrite what was typed, except to put the single match in its place', async () => {
        const modelId = fc.stringMatching(/^[a-zA-Z0-9][a-zA-Z0-9/:.-]{0,10}$/);
        await fc.assert(
          fc.asyncProperty(
            fc.dictionary(fc.constantFrom('a', 'b', 'ab'), fc.array(modelId, { maxLength: 8 }), { maxKeys: 3 }),
            fc.stringMatching(/^[a-zA-Z0-9/:.-]{0,4}$/),
            async (lists, word) => {
              const model = new ModelCommandCompleter(managerOf(lists));
              const typed = `/model ${word}`;
              const { items } = model.complete(typed);
              const { line } = await typeInto(model.readlineCompleter(), [typed, '\t']);
              const completed = line.slice('/model '.length);
              if (line === typed) return;
              if (items.length === 1) expect(completed).toBe(items[0]);
              else {
                expect(completed.length).toBeGreaterThan(word.length);
                expect(completed.toLowerCase().startsWith(word.toLowerCase())).toBe(true);
                for (const item of items) expect(item.startsWith(completed)).toBe(true);
              }
            },
          ),
          { numRuns: 60 },
        );
      });
    });
  });
});

describe('readlineResult', () => {
  describe('when an item holds a control character', () => {
    it('should leave it out rather than let readline print it', () => {
      expect(readlineResult(['ok/a', 'bad/\u001b[2Jx'], 'a')).toEqual([['ok/a'], 'a']);
    });
  });
});

describe('commonPrefix', () => {
  it('should find the longest common prefix in code units', () => {
    expect(commonPrefix(['abc', 'abd', 'ab'])).toBe('ab');
    expect(commonPrefix(['x', 'y'])).toBe('');
    expect(commonPrefix([])).toBe('');
  });
});
