import 'reflect-metadata';
import { afterAll, describe, expect, it } from '@jest/globals';
import { Deferred } from '../../helpers/Deferred.js';
import { sendJson, startFakeServer } from '../../helpers/fakeProviderServer.js';
import { compatibleConfig, EXAMPLE_CONFIG, FakeIo, runCli, TempDir, trackRuns } from '../cliHarness.js';

/** The REPL runs until /quit, end of input or Ctrl-C: ended after each test, even one whose assertion failed first. */
const track = trackRuns();

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Types each key into the REPL's stdin, letting readline act on it before the next. */
async function type(io: FakeIo, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    io.stdin.write(key);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('scoped-models repl', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  describe('when input is piped (not a terminal)', () => {
    it('should act on each line and exit 0 on /quit', async () => {
      const io = new FakeIo();
      const run = track(io, runCli(['repl', '--config', EXAMPLE_CONFIG], io));
      io.stdin.write('/model o3\n/model openai/o3\n/quit\n');
      const result = await run;
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        [
          'scoped-models repl: type /model and press Tab to pick a model; /help lists the commands',
          '[no model] > unknown model o3; closest: openai/o3',
          '[no model] > selected openai/o3',
          '[openai/o3] > ',
        ].join('\n'),
      );
    });

    it('should exit 0 at the end of input', async () => {
      const io = new FakeIo();
      const run = track(io, runCli(['repl', '--config', EXAMPLE_CONFIG], io));
      io.stdin.end('/models\n');
      const result = await run;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('  anthropic/claude-haiku-4-5\n');
    });

    it('should exit 130 on Ctrl-C at an empty prompt', async () => {
      const io = new FakeIo();
      const run = track(io, runCli(['repl', '--config', EXAMPLE_CONFIG], io));
      await until(() => io.listening > 0, 'the REPL to listen');
      io.interrupt();
      expect((await run).code).toBe(130);
    });
  });

  describe('when on a terminal', () => {
    it('should complete /model with Tab and show the selection in the prompt', async () => {
      const io = new FakeIo({ tty: true });
      const run = track(io, runCli(['repl', '--config', EXAMPLE_CONFIG], io));
      await type(io, '/mo', '\t', ' cs45', '\t', '\r');
      await until(() => io.stdout.text.includes('selected anthropic/claude-sonnet-4-5'), 'the selection');
      await type(io, '/quit\r');
      const result = await run;
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('[anthropic/claude-sonnet-4-5] > ');
    });

    it('should clear a typed line on Ctrl-C, and leave with 130 on the next', async () => {
      const io = new FakeIo({ tty: true });
      const run = track(io, runCli(['repl', '--config', EXAMPLE_CONFIG], io));
      await type(io, '/model something', '\u0003');
      await type(io, '/quit\r');
      expect((await run).code).toBe(0);
      const second = new FakeIo({ tty: true });
      const again = track(second, runCli(['repl', '--config', EXAMPLE_CONFIG], second));
      await type(second, '\u0003');
      expect((await again).code).toBe(130);
    });

    it('should discover in the background, print the result above the line being typed, and keep it', async () => {
      const answer = new Deferred<void>();
      const slow = await startFakeServer(async (_req, res) => {
        await answer.promise;
        sendJson(res, 200, { object: 'list', data: [{ id: 'alpha', object: 'model' }] });
      });
      try {
        const file = dir.write('slow.json', compatibleConfig([{ name: 'lab', baseUrl: `${slow.url}/v1` }]));
        const io = new FakeIo({ tty: true });
        const run = track(io, runCli(['repl', '--config', file], io));
        await until(() => slow.requests.length === 1, 'the startup discovery');
        expect(io.stdout.text).toContain('discovering lab in the background…');
        await type(io, '/model al');
        answer.resolve();
        await until(() => io.stdout.text.includes('discovery done'), 'the discovery to end');
        // The message, then the prompt redrawn with what was typed so far.
        const ESC = '\u001b';
        const redrawn = new RegExp(`\r${ESC}\\[2Kdiscovery done in \\d+ ms: 1 of 1 provider answered; 1 chat model \\(\\+1 -0\\)\n(${ESC}\\[\\d*[A-Z])*\\[no model\\] > /model al`);
        expect(io.stdout.text).toMatch(redrawn);
        await type(io, '\t', '\r');
        await until(() => io.stdout.text.includes('selected lab/alpha'), 'the selection');
        await type(io, '/quit\r');
        expect((await run).code).toBe(0);
      } finally {
        await slow.close();
      }
    });

    it('should stop a running discovery on Ctrl-C and stay', async () => {
      const hanging = await startFakeServer(() => new Promise(() => {}));
      try {
        const file = dir.write('hang.json', compatibleConfig([{ name: 'hang', baseUrl: `${hanging.url}/v1` }]));
        const io = new FakeIo({ tty: true });
        const run = track(io, runCli(['repl', '--config', file], io));
        await until(() => hanging.requests.length === 1, 'the startup discovery');
        await type(io, '\u0003');
        await until(() => io.stdout.text.includes('discovery interrupted; what was known is kept'), 'the interruption');
        await type(io, '/quit\r');
        expect((await run).code).toBe(0);
      } finally {
        await hanging.close();
      }
    });
  });
});
