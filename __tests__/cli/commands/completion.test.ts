import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { registerCompletionCommand } from '../../../src/cli/commands/completion.js';
import { createCli } from '../../../src/cli/createCli.js';
import { CAPABILITIES } from '../../../src/capabilities/Capability.js';
import { FakeIo, runCli } from '../cliHarness.js';

describe('scoped-models completion', () => {
  describe('when asked for bash', () => {
    it('should print a script that registers the completion function', async () => {
      const result = await runCli(['completion', 'bash']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^# bash completion for scoped-models/);
      expect(result.stdout).toContain('complete -F _scoped_models scoped-models');
      expect(result.stdout).toContain('scoped-models complete "$@" -- "$word"');
      expect(result.stdout).toContain('compgen -W "list discover complete completion repl catalog help"');
      expect(result.stdout).toContain('list) mapfile -t COMPREPLY < <(compgen -W "--config --json --provider --capability --min-context --sort --long --refresh --help" -- "$cur") ;;');
    });

    it('should cover a command registered after it', async () => {
      const io = new FakeIo();
      const cli = createCli(io);
      registerCompletionCommand(cli.program, cli.deps);
      cli.program.command('later').description('registered last; runs (things)').option('--speed <n>', 'how fast');
      expect(await cli.run(['node', 'scoped-models', 'completion', 'zsh'])).toBe(0);
      expect(io.stdout.text).toContain("'later:registered last'");
      expect(io.stdout.text).toContain("later) _arguments '--speed[how fast]:value:' ;;");
    });
  });

  describe('when asked for zsh', () => {
    it('should print a compdef script', async () => {
      const result = await runCli(['completion', 'zsh']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^#compdef scoped-models/);
      expect(result.stdout).toContain('compdef _scoped_models scoped-models');
      expect(result.stdout).toContain('compadd -U -V scoped-models-ids');
    });
  });

  describe('when the shell is not supported', () => {
    it('should exit 2 naming the choices', async () => {
      const result = await runCli(['completion', 'fish']);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/Allowed choices are bash, zsh/);
    });
  });

  describe('when --json is given to a command that prints no JSON', () => {
    it.each([[['completion', 'bash', '--json']], [['repl', '--json']]])('should refuse %j with exit 2 rather than ignore it', async (args) => {
      const result = await runCli(args);
      expect(result).toMatchObject({ code: 2, stdout: '' });
      expect(result.stderr).toMatch(/unknown option '--json'/);
    });
  });

  describe('the scripts', () => {
    it.each([['bash'], ['zsh']])('%s should know every capability of the vocabulary', async (shell) => {
      const { stdout } = await runCli(['completion', shell]);
      for (const capability of CAPABILITIES) expect(stdout).toMatch(new RegExp(`[ ("]${capability}[ )"]`));
    });
  });
});
