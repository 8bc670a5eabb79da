import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { processIo } from '../../src/cli/CliIo.js';
import { packageVersion } from '../../src/cli/packageVersion.js';

describe('processIo', () => {
  it('should hand out the process streams, environment and working directory', () => {
    const io = processIo();
    expect([io.stdin, io.stdout, io.stderr, io.env, io.cwd]).toEqual([process.stdin, process.stdout, process.stderr, process.env, process.cwd()]);
  });

  describe('.onInterrupt', () => {
    it('should listen to SIGINT until told to stop', () => {
      const before = process.listenerCount('SIGINT');
      let calls = 0;
      const stop = processIo().onInterrupt(() => calls++);
      try {
        expect(process.listenerCount('SIGINT')).toBe(before + 1);
        process.emit('SIGINT', 'SIGINT');
      } finally {
        // A listener left on the worker process would swallow the next Ctrl-C.
        stop();
      }
      expect(process.listenerCount('SIGINT')).toBe(before);
      expect(calls).toBe(1);
    });
  });
});

describe('packageVersion', () => {
  it('should read the version of the package', () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(packageVersion()).toBe(version);
  });
});
