import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { registerServeCommand } from '../../src/cli/commands/serve.js';
import { createCli } from '../../src/cli/createCli.js';
import { registerCommands } from '../../src/cli/registerCommands.js';
import { FakeIo } from '../cli/cliHarness.js';
import { documentationBlocks } from './extractCodeBlocks.js';

// The ```sh blocks cannot all run here (installs, servers, curl transcripts), so each command
// line is checked for what goes stale: npm scripts, CLI commands and options, repository files.
const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = new Set(Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts));
const cli = createCli(new FakeIo());
registerCommands(cli.program, cli.deps);
registerServeCommand(cli.program, cli.deps);

/** A block's command lines: after `$ ` in a transcript, else every line but comments. */
function commandLines(text: string): string[] {
  const lines = text.split('\n');
  const transcript = lines.some((line) => line.startsWith('$ '));
  return lines
    .filter((line) => (transcript ? line.startsWith('$ ') : line.trim() !== '' && !line.trim().startsWith('#')))
    .map((line) => (transcript ? line.slice(2) : line).replace(/\s+#\s.*$/, '').trim());
}

/**
 * The words of each command of a line, quotes removed. Quoted text stays one word (a `|` inside a
 * grep pattern splits nothing); unquoted `&&`, `||`, `|` and `;` end a command, and a process
 * substitution `<( … )` is read as the command it holds.
 */
function commandsOf(line: string): string[][] {
  const commands: string[][] = [[]];
  for (const [token, quoted] of Array.from(line.matchAll(/'([^']*)'|"([^"]*)"|&&|\|\|?|;|<\(|\)|[^\s'"|;&()<]+|\S/g), (match) => [match[0], match[1] ?? match[2]] as const)) {
    if (quoted !== undefined) commands.at(-1)?.push(quoted);
    else if (['&&', '||', '|', ';', '<(', ')'].includes(token)) commands.push([]);
    else commands.at(-1)?.push(token);
  }
  return commands.filter((words) => words.length > 0);
}

const REPOSITORY_PATH = /^(\.ci|src|__tests__|bench|scripts|stryker|docs|examples)\/|^stryker\.[\w.]+$/;

/** What a command line names that does not exist; empty when all is there. */
function problemsOf(line: string): string[] {
  const problems: string[] = [];
  for (const words of commandsOf(line)) {
    const env = words.filter((word) => /^[A-Z_]+=/.test(word));
    for (const assignment of env) {
      const [name, value] = assignment.split('=') as [string, string];
      if (name === 'MUTATE_FOLDER' && !existsSync(join(root, 'src', value))) problems.push(`MUTATE_FOLDER=${value}: no src/${value}`);
    }
    const [program, ...args] = words.slice(env.length);
    if (program === 'npm' && (args[0] === 'test' || args[0] === 'start') && !scripts.has(args[0])) problems.push(`npm ${args[0]}: no such script`);
    if (program === 'npm' && args[0] === 'run' && !scripts.has(args[1] ?? '')) problems.push(`npm run ${args[1]}: no such script`);
    const at = words.indexOf('scoped-models');
    if (at >= 0) problems.push(...cliProblems(words.slice(at + 1)));
    for (const word of words) {
      const path = word.split('*')[0] as string;
      if (REPOSITORY_PATH.test(word) && !existsSync(join(root, path))) problems.push(`${word}: no such file in the repository`);
    }
  }
  return problems;
}

function cliProblems(args: readonly string[]): string[] {
  let command: Command = cli.program;
  const problems: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('--')) {
      const flag = arg.split('=')[0] as string;
      const known = ['--help', '--version', ...command.options.map((option) => option.long)];
      if (!known.includes(flag)) problems.push(`scoped-models ${command.name()}: no option ${flag}`);
      continue;
    }
    const sub = command.commands.find((candidate) => candidate.name() === arg);
    if (sub !== undefined) command = sub;
    else if (command === cli.program) problems.push(`scoped-models: no command ${arg}`);
  }
  return problems;
}

const lines = documentationBlocks(root)
  .filter((block) => block.language === 'sh')
  .flatMap((block) => commandLines(block.text).map((line) => [`${block.page}:${block.line} ${line}`, line] as const));

describe('the ```sh blocks of README.md and docs/**/*.md', () => {
  it('should be found', () => {
    expect(lines.length).toBeGreaterThan(20);
  });

  it.each(lines)('%s should name only scripts, commands, options and files that exist', (_name, line) => {
    expect(problemsOf(line)).toEqual([]);
  });
});

describe(problemsOf, () => {
  it.each([
    ['npm run nosuch', 'npm run nosuch: no such script'],
    ['scoped-models lst', 'scoped-models: no command lst'],
    ['scoped-models list --min-contxt 200k', 'scoped-models list: no option --min-contxt'],
    ['scoped-models catalog update --nosuch', 'scoped-models update: no option --nosuch'],
    ['source <(scoped-models completions bash)', 'scoped-models: no command completions'],
    ["curl -s http://127.0.0.1:8080/v1/models | grep -iE '^(x|scoped-models nosuch)' && npm run nosuch", 'npm run nosuch: no such script'],
    ['npm run mutate -- --incrementalFile stryker/incremental/nosuch.json', 'stryker/incremental/nosuch.json: no such file in the repository'],
    ["npm run mutate -- --mutate 'src/nosuch/**/*.ts'", 'src/nosuch/**/*.ts: no such file in the repository'],
    ['MUTATE_FOLDER=nosuch npm run mutate:focused', 'MUTATE_FOLDER=nosuch: no src/nosuch'],
  ])('should report %p', (line, problem) => {
    expect(problemsOf(line)).toContain(problem);
  });

  it('should pass a line whose every name exists', () => {
    expect(problemsOf('npm install && npm start   ')).toEqual([]);
  });

  it('should not read quoted text as a command', () => {
    expect(problemsOf("curl -s http://127.0.0.1:8080/metrics | grep -iE '^(scoped-models nosuch|npm run nosuch)'")).toEqual([]);
  });
});
