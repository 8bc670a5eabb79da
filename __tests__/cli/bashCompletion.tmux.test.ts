import { afterAll, afterEach, expect, it } from '@jest/globals';
import { TempDir } from './cliHarness.js';
import { writeCliShim } from './spawnCli.js';
import { describeNeeding, tool } from '../helpers/requireTools.js';
import { TMUX, Tmux } from './Tmux.js';

// Providers `openai` and `openrouter`: their ids share "open", which readline would put in place of "gpt".
const CONFIG = {
  providers: [
    { name: 'openai', type: 'static', models: [{ id: 'gpt-4o', displayName: 'GPT-4o', contextWindow: 128000 }, 'gpt-4o-mini', 'text-embedding-3-small', 'text-embedding-3-large'] },
    { name: 'openrouter', type: 'static', models: ['openai/gpt-4o', 'anthropic/claude-sonnet-4-5'] },
  ],
};

describeNeeding('scoped-models completion bash (in an interactive bash, through tmux)', [TMUX, tool('bash', ['--version'])], () => {
  const tmux = new Tmux();
  const dir = new TempDir();
  const config = dir.write('config.json', CONFIG);
  let count = 0;
  let session = '';
  afterEach(() => {
    if (tmux.alive(session)) tmux.run('kill-session', '-t', session);
  });
  afterAll(() => {
    tmux.killServer();
    dir.remove();
  });

  /** A bash with the script loaded, `scoped-models` on its PATH and the config in the working directory. */
  async function bash(): Promise<string> {
    session = `bash${++count}`;
    writeCliShim(dir);
    dir.write('scoped-models.config.json', CONFIG);
    tmux.start(session, `cd ${dir.path} && env -i PATH=${dir.path}:/usr/bin:/bin HOME=${dir.path} XDG_CACHE_HOME=${dir.path}/cache TERM=xterm PS1='bash> ' INPUTRC=/dev/null bash --norc --noprofile`);
    await tmux.waitFor(session, /^bash>$/m);
    tmux.type(session, 'source <(scoped-models completion bash) && clear');
    tmux.keys(session, 'Enter');
    await tmux.waitFor(session, /^bash>$/m);
    return session;
  }

  const line = (screen: string): string => screen.split('\n').filter((text) => text.startsWith('bash> ')).at(-1)?.trimEnd() ?? '';
  const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1500));

  it('should never turn "gpt" into the candidates\' shorter common prefix "open", and list them on the second Tab', async () => {
    const s = await bash();
    tmux.type(s, 'scoped-models complete gpt');
    tmux.keys(s, 'Tab');
    await settle();
    tmux.keys(s, 'Tab');
    const screen = await tmux.waitFor(s, /openrouter\/openai\/gpt-4o/);
    expect(screen).toMatch(/openai\/gpt-4o-mini/);
    expect(line(screen)).toBe('bash> scoped-models complete gpt');
  });

  it('should put a single candidate in place of the word', async () => {
    const s = await bash();
    tmux.type(s, `scoped-models complete --config ${config} embedding-3-sm`);
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /complete --config \S+ openai\/text-embedding-3-small\s*$/m);
  });

  it('should extend the word to a longer common prefix that starts with it', async () => {
    const s = await bash();
    tmux.type(s, 'scoped-models complete openai/text');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^bash> scoped-models complete openai\/text-embedding-3-\s*$/m);
  });

  it('should complete every capability of the vocabulary, and provider names after --provider', async () => {
    const s = await bash();
    tmux.type(s, 'scoped-models list --capability transc');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^bash> scoped-models list --capability transcription\s*$/m);
    // bash added a space after the completed word; tmux would read a leading "--" as its own flag.
    tmux.keys(s, 'BSpace');
    tmux.type(s, ' --provider openr');
    tmux.keys(s, 'Tab');
    await tmux.waitFor(s, /^bash> scoped-models list --capability transcription --provider openrouter\s*$/m);
  });
});
