// Jest's test sequencer, with a guess for the files it has no timing for yet. Jest keeps
// timings per checkout path, so a fresh clone (as CI runs) would otherwise order by file size
// and start the slow end-to-end files last, where they run alone and stretch the run.
import { statSync } from 'node:fs';
import TestSequencer from '@jest/test-sequencer';

/** Files that spawn processes (CLIs, npm, tmux, Redis nodes) and mostly wait: start them first. */
const SLOW = [/\.e2e\.test\.ts$/, /\.tmux\.test\.ts$/, /\/__tests__\/(package|docs|examples)\//, /\/store\/redis\/(sentinel|cluster)\.test\.ts$/];

export default class SlowFirstSequencer extends TestSequencer {
  time(test) {
    const known = super.time(test);
    if (known !== undefined) return known;
    if (SLOW.some((pattern) => pattern.test(test.path))) return 30_000;
    // About 1 s for every 10 kB of test code, the rough rate of the in-process files here.
    return statSync(test.path).size / 10;
  }
}
