import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { MODELS_SHOWN, ReplSession } from '../../../src/cli/repl/ReplSession.js';
import { ModelCommandCompleter } from '../../../src/completion/ModelCommandCompleter.js';
import { ControlledProvider, ListProvider } from '../../helpers/ControlledProvider.js';
import { ManualClock } from '../../helpers/ManualClock.js';
import { CATALOG, managerOf, managerWith } from '../../completion/completerFixtures.js';
import type { ProviderManager } from '../../../src/manager/ProviderManager.js';

function session(manager: ProviderManager = managerOf(CATALOG)): { repl: ReplSession; printed: string[] } {
  const printed: string[] = [];
  const repl = new ReplSession({ manager, print: (text) => printed.push(text), clock: new ManualClock() });
  return { repl, printed };
}

describe('ReplSession', () => {
  describe('.handle', () => {
    describe('when /model names a valid chat model', () => {
      it('should select it and show it in the prompt', () => {
        const { repl, printed } = session();
        expect(repl.prompt()).toBe('[no model] > ');
        expect(repl.handle('/model anthropic/claude-sonnet-4-5')).toBe('continue');
        expect(printed).toEqual(['selected anthropic/claude-sonnet-4-5']);
        expect(repl.selected).toBe('anthropic/claude-sonnet-4-5');
        expect(repl.prompt()).toBe('[anthropic/claude-sonnet-4-5] > ');
        repl.handle('/model');
        expect(printed.at(-1)).toBe('selected: anthropic/claude-sonnet-4-5');
      });

      it('should accept a different case when only one id matches', () => {
        const { repl } = session();
        repl.handle('  /model  OpenAI/GPT-4o  ');
        expect(repl.selected).toBe('openai/gpt-4o');
      });
    });

    describe('when /model names an unknown id', () => {
      it('should keep the selection and name what Tab would offer for it, in the completer\'s order', () => {
        const { repl, printed } = session();
        repl.handle('/model openai/gpt-4o');
        repl.handle('/model claude-sonet-4-5');
        expect(printed.at(-1)).toBe('unknown model claude-sonet-4-5; closest: anthropic/claude-sonnet-4-5');
        expect(repl.selected).toBe('openai/gpt-4o');
      });

      it.each([['sonnet'], ['gpt'], ['llama'], ['cs45']])('should name the first three items of the completer\'s ranking for %s', (typed) => {
        const manager = managerOf(CATALOG);
        const { repl, printed } = session(manager);
        const ranked = new ModelCommandCompleter(manager).complete(`/model ${typed}`).items.slice(0, 3);
        expect(ranked.length).toBeGreaterThan(0);
        repl.handle(`/model ${typed}`);
        expect(printed.at(-1)).toBe(`unknown model ${typed}; closest: ${ranked.join(', ')}`);
      });

      it('should fall back to the nearest ids by edit distance when Tab would offer nothing', () => {
        const manager = managerOf(CATALOG);
        const { repl, printed } = session(manager);
        expect(new ModelCommandCompleter(manager).complete('/model gtp-4o').items).toEqual([]);
        repl.handle('/model gtp-4o');
        expect(printed.at(-1)).toMatch(/^unknown model gtp-4o; closest: openai\/gpt-4o/);
      });

      it('should say when nothing is known yet', () => {
        const { repl, printed } = session(managerOf({}));
        repl.handle('/model x');
        expect(printed).toEqual(['unknown model x; no models are known yet; try /discover']);
      });

      it('should say so when the id is valid but not a chat model', () => {
        const { repl, printed } = session();
        repl.handle('/model openai/text-embedding-3-small');
        expect(printed).toEqual(['openai/text-embedding-3-small is not a chat model (embedding); pick another with /model <Tab>']);
        expect(repl.selected).toBeUndefined();
      });

      it('should show control characters as escapes', () => {
        const { repl, printed } = session();
        repl.handle('/model \u001b[2J');
        expect(printed[0]).toMatch(/^unknown model \\x1b\[2J; closest:/);
      });
    });

    describe('when /models is typed', () => {
      it('should list the chat models and mark the selected one', () => {
        const { repl, printed } = session(managerOf({ p: ['a', 'b', { id: 'e', capabilities: ['embedding'] }] }));
        repl.handle('/model p/b');
        repl.handle('/models');
        expect(printed.at(-1)).toBe('  p/a\n* p/b');
      });

      it('should cut a long list short and say how many more there are', () => {
        const ids = Array.from({ length: MODELS_SHOWN + 5 }, (_, i) => `m${String(i).padStart(4, '0')}`);
        const { repl, printed } = session(managerOf({ p: ids }));
        repl.handle('/models');
        const lines = printed[0]!.split('\n');
        expect(lines).toHaveLength(MODELS_SHOWN + 1);
        expect(lines.at(-1)).toBe('  … and 5 more; type /model and a few letters, then Tab');
      });

      it('should say when none are known', () => {
        const { repl, printed } = session(managerOf({}));
        repl.handle('/models');
        expect(printed).toEqual(['no chat models are known yet; try /discover']);
      });
    });

    describe('when /discover is typed', () => {
      it('should discover in the background and report when done', async () => {
        const provider = new ControlledProvider('lab');
        const { repl, printed } = session(managerWith([provider]));
        expect(repl.handle('/discover')).toBe('continue');
        expect(printed).toEqual(['discovering lab in the background…']);
        repl.handle('/discover');
        expect(printed.at(-1)).toBe('a discovery is already running');
        provider.answer(['alpha']);
        await repl.settled();
        expect(printed.at(-1)).toMatch(/^discovery done in \d+ ms: 1 of 1 provider answered; 1 chat model \(\+1 -0\)$/);
        repl.handle('/model lab/alpha');
        expect(repl.selected).toBe('lab/alpha');
      });

      it('should report failures and a selected model that went away', async () => {
        const lab = new ListProvider('lab', ['alpha', 'beta']);
        const down = new ControlledProvider('down');
        const manager = managerWith([lab, down]);
        const { repl, printed } = session(manager);
        const first = manager.discoverModels(['lab']);
        await first;
        repl.handle('/model lab/beta');
        lab.models = ['alpha'];
        repl.handle('/discover');
        await new Promise((resolve) => setImmediate(resolve));
        down.fail(new Error('connection refused'));
        await repl.settled();
        expect(printed.at(-1)).toBe(
          [
            printed.at(-1)!.split('\n')[0],
            '  failed: down: listing models failed: connection refused',
            '  lab/beta is no longer offered; pick another with /model <Tab>',
          ].join('\n'),
        );
        expect(printed.at(-1)).toMatch(/^discovery done in \d+ ms: 1 of 2 providers answered; 1 chat model \(\+0 -1\)/);
      });

      it('should stop on interrupt and keep what was known', async () => {
        const provider = new ControlledProvider('lab');
        const { repl, printed } = session(managerWith([provider]));
        expect(repl.interrupt()).toBe(false);
        repl.handle('/discover');
        expect(repl.interrupt()).toBe(true);
        await repl.close();
        expect(printed.at(-1)).toBe('discovery interrupted; what was known is kept');
        expect(repl.interrupt()).toBe(false);
      });
    });

    describe('when other lines are typed', () => {
      it.each([
        ['/help', /^\/model <id> +select a model/],
        ['/nope', /^unknown command \/nope; \/help lists the commands$/],
        ['hello', /^this prompt only picks models: choose one with \/model <Tab>$/],
      ])('should answer %j', (line, answer) => {
        const { repl, printed } = session();
        expect(repl.handle(line)).toBe('continue');
        expect(printed[0]).toMatch(answer);
      });

      it('should say where text would go once a model is selected', () => {
        const { repl, printed } = session();
        repl.handle('/model openai/o3');
        repl.handle('hello');
        expect(printed.at(-1)).toBe('this prompt only picks models: your text would go to openai/o3');
      });

      it('should ignore an empty line and quit on /quit or /exit', () => {
        const { repl, printed } = session();
        expect(repl.handle('   ')).toBe('continue');
        expect(printed).toEqual([]);
        expect(repl.handle('/quit')).toBe('quit');
        expect(repl.handle('/exit')).toBe('quit');
      });
    });
  });

  describe('.readlineCompleter', () => {
    it('should complete the REPL commands and model ids', () => {
      const { repl } = session();
      const complete = repl.readlineCompleter();
      expect(complete('/')).toEqual([['/help', '/quit', '/model', '/models', '/discover'], '/']);
      expect(complete('/d')).toEqual([['/discover'], '/d']);
      expect(complete('/model o3')).toEqual([['openai/o3'], 'o3']);
    });
  });
});
