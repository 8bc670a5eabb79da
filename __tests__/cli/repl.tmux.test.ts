import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Deferred } from '../helpers/Deferred.js';
import { sendJson, startFakeServer } from '../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, TempDir } from './cliHarness.js';
import { cliPath } from './spawnCli.js';
import { describeNeeding } from '../helpers/requireTools.js';
import { TMUX, Tmux } from './Tmux.js';

/** Starts the REPL in a 120×30 window. */
function startRepl(tmux: Tmux, session: string, config: string): void {
  tmux.start(session, `${JSON.stringify(process.execPath)} ${JSON.stringify(cliPath())} repl --config ${JSON.stringify(config)}`);
}

/** The line the cursor is on: the prompt and what was typed. */
function promptLine(screen: string): string {
  return screen.split('\n').filter((line) => /\] >( |$)/.test(line)).at(-1)?.trimEnd() ?? '';
}

describeNeeding('scoped-models repl (in a real terminal, through tmux)', [TMUX], () => {
  const tmux = new Tmux();
  const dir = new TempDir();
  let count = 0;
  let session = '';
  beforeAll(() => {
    cliPath();
  });
  afterEach(() => {
    if (tmux.alive(session)) tmux.run('kill-session', '-t', session);
  });
  afterAll(() => {
    tmux.killServer();
    dir.remove();
  });
  const next = (): string => (session = `repl${++count}`);

  describe('when Tab is pressed after /model and a fuzzy word', () => {
    it('should put the one match in place, select it with Enter, and show it in the prompt', async () => {
      const s = next();
      startRepl(tmux, s, EXAMPLE_CONFIG);
      await tmux.waitFor(s, /\[no model\] >$/m);
      tmux.type(s, '/model cs45');
      tmux.keys(s, 'Tab');
      await tmux.waitFor(s, /\[no model\] > \/model anthropic\/claude-sonnet-4-5$/m);
      tmux.keys(s, 'Enter');
      const screen = await tmux.waitFor(s, /^\[anthropic\/claude-sonnet-4-5\] >$/m);
      expect(screen).toContain('selected anthropic/claude-sonnet-4-5');
      tmux.type(s, '/quit');
      tmux.keys(s, 'Enter');
      await tmux.waitForExit(s);
    });
  });

  describe('when several models match and share no longer prefix', () => {
    it('should keep the typed word on the first Tab and list the matches on the second', async () => {
      const s = next();
      startRepl(tmux, s, EXAMPLE_CONFIG);
      await tmux.waitFor(s, /\[no model\] >$/m);
      tmux.type(s, '/model gpt-4o');
      tmux.keys(s, 'Tab');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(promptLine(tmux.screen(s))).toBe('[no model] > /model gpt-4o');
      tmux.keys(s, 'Tab');
      const screen = await tmux.waitFor(s, /openrouter\/openai\/gpt-4o/);
      expect(screen).toMatch(/openai\/gpt-4o-mini/);
      expect(promptLine(screen)).toBe('[no model] > /model gpt-4o');
    });
  });

  describe('when the command word is typed', () => {
    it('should complete it', async () => {
      const s = next();
      startRepl(tmux, s, EXAMPLE_CONFIG);
      await tmux.waitFor(s, /\[no model\] >$/m);
      tmux.type(s, '/di');
      tmux.keys(s, 'Tab');
      await tmux.waitFor(s, /\[no model\] > \/discover$/m);
    });
  });

  describe('when a discovery runs in the background', () => {
    it('should let the user keep typing, print its result above the line, and keep the line', async () => {
      const answer = new Deferred<void>();
      const slow = await startFakeServer(async (_req, res) => {
        await answer.promise;
        sendJson(res, 200, { object: 'list', data: [{ id: 'alpha-7b', object: 'model' }] });
      });
      try {
        const file = dir.write('slow.json', compatibleConfig([{ name: 'lab', baseUrl: `${slow.url}/v1` }]));
        const s = next();
        startRepl(tmux, s, file);
        await tmux.waitFor(s, /discovering lab in the background…/);
        tmux.type(s, '/model 7b');
        await tmux.waitFor(s, /\[no model\] > \/model 7b$/m);
        answer.resolve();
        const screen = await tmux.waitFor(s, /discovery done in .*: 1 of 1 provider answered; 1 chat model \(\+1 -0\)/);
        expect(promptLine(screen)).toBe('[no model] > /model 7b');
        tmux.keys(s, 'Tab');
        await tmux.waitFor(s, /\[no model\] > \/model lab\/alpha-7b$/m);
        tmux.keys(s, 'Enter');
        await tmux.waitFor(s, /^\[lab\/alpha-7b\] >$/m);
      } finally {
        await slow.close();
      }
    });
  });

  describe('when Ctrl-C is pressed', () => {
    it('should stop a running discovery first, then leave on an empty line', async () => {
      const hanging = await startFakeServer(() => new Promise(() => {}));
      try {
        const file = dir.write('hang.json', compatibleConfig([{ name: 'hang', baseUrl: `${hanging.url}/v1` }]));
        const s = next();
        startRepl(tmux, s, file);
        await tmux.waitFor(s, /discovering hang in the background…/);
        tmux.keys(s, 'C-c');
        await tmux.waitFor(s, /discovery interrupted; what was known is kept/);
        tmux.keys(s, 'C-c');
        await tmux.waitForExit(s);
      } finally {
        await hanging.close();
      }
    });
  });
});
