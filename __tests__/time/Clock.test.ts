import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// Whether a pending timer keeps a process alive can only be seen from outside it.
function awaitTimerInChild(options: string): number | null {
  const clock = JSON.stringify(join(process.cwd(), 'dist/time/Clock.js'));
  const script = `import { systemClock } from ${clock};
    await new Promise((resolve) => systemClock.setTimer(resolve, 20, ${options}));`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).status;
}

describe('systemClock', () => {
  describe('.setTimer', () => {
    it('should keep the process alive for a wait somebody awaits (keepAlive)', () => {
      expect(awaitTimerInChild('{ keepAlive: true }')).toBe(0);
    });

    it('should not keep the process alive for a background timer', () => {
      // 13: Node's exit code for a top-level await that can never settle.
      expect(awaitTimerInChild('{}')).toBe(13);
    });

    it('should cancel a timer', async () => {
      const { systemClock } = await import('../../src/time/Clock.js');
      let fired = false;
      const cancel = systemClock.setTimer(() => {
        fired = true;
      }, 5);
      cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fired).toBe(false);
    });
  });
});
