import { afterAll, afterEach, expect, it } from '@jest/globals';
import { EXAMPLE_CONFIG, TempDir } from './cliHarness.js';
import { writeCliShim } from './spawnCli.js';
import { describeNeeding, tool } from '../helpers/requireTools.js';
import { TMUX, Tmux } from './Tmux.js';

describeNeeding('scoped-models completion zsh (in an interactive zsh, through tmux)', [TMUX, tool('zsh', ['--version'])], () => {
  const tmux = new Tmux();
  const bin = new TempDir();
  let count = 0;
  let session = '';
  afterEach(() => {
    if (tmux.alive(session)) tmux.run('kill-session', '-t', session);
  });
  afterAll(() => {
    tmux.killServer();
    bin.remove();
  });

  /** A zsh with compinit and the script loaded, `scoped-models` on its PATH; returns the session. */
  async function zsh(): Promise<string> {
    session = `zsh${++count}`;
    writeCliShim(bin);
    tmux.start(session, `env -i PATH=${bin.path}:/usr/bin:/bin HOME=${bin.path} TERM=xterm PS1='zsh> ' zsh -f`);
    await tmux.waitFor(session, /^zsh>$/m);
    tmux.type(session, 'autoload -Uz compinit && compinit -u -D && source <(scoped-models completion zsh) && clear');
    tmux.keys(session, 'Enter');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await tmux.waitFor(session, /^zsh>$/m);
    return session;
  }

  const line = (screen: string): string => screen.split('\n').filter((text) => text.startsWith('zsh> ')).at(-1)?.trimEnd() ?? '';

  it('should complete a subcommand', async () => {
    const s = await zsh();
    tmux.type(s, 'scoped-models disc');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^zsh> scoped-models discover$/m);
  });

  it('should complete options and their values', async () => {
    const s = await zsh();
    tmux.type(s, 'scoped-models list --re');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^zsh> scoped-models list --refresh$/m);
    tmux.type(s, ' --capability emb');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^zsh> scoped-models list --refresh --capability embedding$/m);
  });

  it('should put the one ranked match in place of a fuzzy word', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models complete --config ${EXAMPLE_CONFIG} cs45`);
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /complete --config \S+ anthropic\/claude-sonnet-4-5\s*$/m);
  });

  it('should list several matches without replacing the typed word by their common prefix', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models complete --config ${EXAMPLE_CONFIG} gpt-4o`);
    tmux.keys(s, 'Tab');
    const screen = await tmux.waitFor(s, /openrouter\/openai\/gpt-4o/);
    expect(screen).toMatch(/openai\/gpt-4o-mini/);
    expect(line(screen)).toBe(`zsh> scoped-models complete --config ${EXAMPLE_CONFIG} gpt-4o`);
  });

  it('should show a facts hint beside each listed model id', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models complete --config ${EXAMPLE_CONFIG} gpt-4o`);
    tmux.keys(s, 'Tab');
    const screen = await tmux.waitFor(s, /openrouter\/openai\/gpt-4o/);
    expect(screen).toMatch(/openai\/gpt-4o\s+-- GPT-4o · 128k/);
    expect(line(screen)).toBe(`zsh> scoped-models complete --config ${EXAMPLE_CONFIG} gpt-4o`);
  });

  it('should extend the word to a longer common prefix', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models complete --config ${EXAMPLE_CONFIG} anthropic/cl`);
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /complete --config \S+ anthropic\/claude-$/m);
  });

  it('should show each candidate with its description (display name and context window)', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models complete --config ${EXAMPLE_CONFIG} gpt-4o`);
    tmux.keys(s, 'Tab');
    const screen = await tmux.waitFor(s, /openai\/gpt-4o-mini +-- GPT-4o mini · 128k/);
    expect(screen).toMatch(/openai\/gpt-4o +-- GPT-4o · 128k/);
  });

  it('should complete provider names after --provider, and every capability', async () => {
    const s = await zsh();
    tmux.type(s, `scoped-models list --config ${EXAMPLE_CONFIG} --provider anth`);
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /--provider anthropic\s*$/m);
    tmux.type(s, ' --capability transc');
    tmux.keys(s, 'Tab');
    // The line is longer than the window: it wraps.
    await tmux.waitFor(s, /--provider anthropic\s+--capability\s+transcription\s*$/);
  });
});
