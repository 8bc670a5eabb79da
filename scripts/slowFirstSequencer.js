// Jest test sequencer for `npm test`. On a clean clone jest has no durations cached and orders
// files by size, so a 30 s end-to-end file can start last and set the wall time alone. The files
// that spawn CLIs, npm, tmux or Redis topologies start first; within each group jest's own order
// (last duration when cached, else size) is kept.
import { createRequire } from 'node:module';

// Jest's default sequencer is CommonJS with its class on `exports.default`.
const Sequencer = createRequire(import.meta.url)('@jest/test-sequencer').default;

const SLOW = [/\.e2e\.test\.ts$/, /\.tmux\.test\.ts$/, /[\\/]store[\\/]redis[\\/](cluster|sentinel)\.test\.ts$/, /[\\/]docs[\\/]/];

/** True for a test file known to take seconds of waiting on child processes. */
const isSlow = (path) => SLOW.some((pattern) => pattern.test(path));

export default class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((test) => isSlow(test.path)), ...sorted.filter((test) => !isSlow(test.path))];
  }
}
