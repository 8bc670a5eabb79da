import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { createCli } from '../../src/cli/createCli.js';
import { FakeIo, runCli } from './cliHarness.js';

describe('createCli', () => {
  describe('.run', () => {
    describe('when asked for help or the version', () => {
      it('should print them on stdout and exit 0', async () => {
        const help = await runCli(['--help']);
        expect(help.code).toBe(0);
        expect(help.stdout).toMatch(/^Usage: scoped-models \[options\] \[command\]/);
        for (const command of ['list', 'discover', 'complete', 'completion', 'repl']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
        expect(await runCli(['--version'])).toEqual({ code: 0, stdout: '9.9.9\n', stderr: '' });
        expect((await runCli(['list', '--help'])).stdout).toMatch(/--provider <name\.\.\.>/);
      });
    });

    describe('when the usage is wrong', () => {
      it.each([[['list', '--bogus']], [['frobnicate']], [[]], [['list', '--capability']]])('should exit 2 for %j', async (args) => {
        const result = await runCli(args);
        expect(result.code).toBe(2);
        expect(result.stderr).not.toBe('');
      });
    });

    describe('when an argument holds a control character', () => {
      it('should not echo it raw in the error', async () => {
        const result = await runCli(['list', '--\u001b[31mred']);
        expect(result.code).toBe(2);
        expect(result.stderr).toContain('\\x1b[31mred');
        expect(result.stderr).not.toContain('\u001b');
      });
    });

    describe('when an action throws something unexpected', () => {
      it('should print it as an unexpected error and exit 1', async () => {
        const io = new FakeIo();
        const cli = createCli(io);
        cli.program.command('boom').action(async () => {
          const { runAction } = await import('../../src/cli/runAction.js');
          await runAction(cli.deps, () => Promise.reject(new Error('kaput\u0007')))();
        });
        expect(await cli.run(['node', 'scoped-models', 'boom'])).toBe(1);
        expect(io.stderr.text).toBe('scoped-models: unexpected error: kaput\\x07\n');
      });
    });
  });
});
