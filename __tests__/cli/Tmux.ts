import { spawnSync } from 'node:child_process';
import { tool } from '../helpers/requireTools.js';

/** tmux, which the terminal tests need: they fail under CI without it, and skip visibly elsewhere. */
export const TMUX = tool('tmux', ['-V']);

/** A private tmux server (its own socket), so the tests never touch a user's sessions. */
export class Tmux {
  readonly socket = `scoped-models-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  run(...args: string[]): string {
    const result = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  }

  /** Starts `command` (a shell command line) in a detached 120×30 window. */
  start(session: string, command: string): void {
    // tmux's server exits with its last session; a new session that reaches it while it exits
    // fails with "server exited unexpectedly" (seen in CI): the next try starts a fresh server.
    for (let attempt = 1; ; attempt++) {
      try {
        this.run('new-session', '-d', '-s', session, '-x', '240', '-y', '30', command);
        return;
      } catch (error) {
        if (attempt === 3 || !String(error).includes('server exited unexpectedly')) throw error;
      }
    }
  }

  keys(session: string, ...keys: string[]): void {
    this.run('send-keys', '-t', session, ...keys);
  }

  /** Types text literally (no key names). */
  type(session: string, text: string): void {
    this.run('send-keys', '-t', session, '-l', text);
  }

  /** The visible screen; tmux drops trailing spaces, so `[no model] > ` reads `[no model] >`. */
  screen(session: string): string {
    return this.run('capture-pane', '-p', '-t', session);
  }

  alive(session: string): boolean {
    return spawnSync('tmux', ['-L', this.socket, 'has-session', '-t', session]).status === 0;
  }

  /** Polls the screen until it matches (bounded); returns it. */
  async waitFor(session: string, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.alive(session) ? this.screen(session) : '';
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the screen never matched ${pattern}:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async waitForExit(session: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.alive(session)) {
      if (Date.now() > deadline) throw new Error(`${session} did not end`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  killServer(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

