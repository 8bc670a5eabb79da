import { describe, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';

/** Something a test needs from the machine, and how to get it. */
export interface Requirement {
  /** What is missing, as the message names it: `tmux`, `redis-server on 127.0.0.1:6379`. */
  name: string;
  /** True when it is there. */
  present: boolean;
  /** How to get it: `apt-get install tmux`. */
  install: string;
}

/** A command-line tool, present when `command args` exits 0. */
export function tool(command: string, args: readonly string[], install = `apt-get install ${command}`): Requirement {
  return { name: command, present: spawnSync(command, args, { stdio: 'ignore', timeout: 5_000 }).status === 0, install };
}

/** True under CI (`.ci/run` exports CI=true), where a missing requirement fails instead of skipping. */
export function underCi(): boolean {
  return process.env['CI'] === 'true';
}

/**
 * `describe` for tests that need tools from the machine. With everything present it is a plain
 * `describe`; otherwise, under CI, one failing test names what is missing, and outside CI the
 * block is skipped with its reason printed. Never an early return that counts as a pass.
 */
export function describeNeeding(name: string, requirements: readonly Requirement[], body: () => void): void {
  const missing = requirements.filter((requirement) => !requirement.present);
  if (missing.length === 0) {
    describe(name, body);
    return;
  }
  const reason = missing.map((requirement) => `${requirement.name} is missing (${requirement.install})`).join('; ');
  if (underCi()) {
    describe(name, () => {
      it('should find every tool it needs on the CI machine', () => {
        throw new Error(`${name}: ${reason}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED ${name}: ${reason}`);
  describe.skip(name, body);
}

/** `it` for one test that needs tools; the same rule as {@link describeNeeding}. */
export function itNeeding(name: string, requirements: readonly Requirement[], test: () => Promise<void> | void, timeout?: number): void {
  const missing = requirements.filter((requirement) => !requirement.present);
  if (missing.length === 0) {
    it(name, test, timeout);
    return;
  }
  const reason = missing.map((requirement) => `${requirement.name} is missing (${requirement.install})`).join('; ');
  if (underCi()) {
    it(name, () => {
      throw new Error(`${name}: ${reason}`);
    });
    return;
  }
  console.warn(`SKIPPED ${name}: ${reason}`);
  it.skip(name, test);
}
