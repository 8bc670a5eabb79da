// Jest test sequencer for mutation runs only (stryker.config.json). Stryker runs a mutant with
// --findRelatedTests and a --testNamePattern of the tests that reach it: jest then loads every
// file that imports the mutated module, and most of them run no test. This sequencer drops the
// files none of whose tests match the pattern (names from scripts/mutationTestNames.js), so the
// same tests run for a fraction of the cost. A file it cannot vouch for is always kept.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';

// Jest's default sequencer is CommonJS with its class on `exports.default`.
const Sequencer = createRequire(import.meta.url)('@jest/test-sequencer').default;

/** Where scripts/mutationTestNames.js lists each test file's test names, under a checkout's root. */
export const namesFileOf = (rootDir) => join(rootDir, 'node_modules/.cache/scoped-models/mutation-test-names.json');

const listedByRoot = new Map();
function listedNames(rootDir) {
  if (!listedByRoot.has(rootDir)) {
    let listed = null;
    try {
      listed = JSON.parse(readFileSync(namesFileOf(rootDir), 'utf8'));
    } catch {
      // Not listed (mutationTestNames.js not run, or jest failed there): every related file runs.
    }
    listedByRoot.set(rootDir, listed);
  }
  return listedByRoot.get(rootDir);
}

const unchanged = new Map();
function isUnchanged(path, sha1) {
  let same = unchanged.get(path);
  if (same === undefined) {
    same = createHash('sha1').update(readFileSync(path)).digest('hex') === sha1;
    unchanged.set(path, same);
  }
  return same;
}

export default class MutationSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.globalConfig = options.globalConfig;
  }

  sort(tests) {
    const pattern = this.globalConfig.testNamePattern;
    const files = listedNames(this.globalConfig.rootDir);
    if (!pattern || !files) return super.sort(tests);
    // jest-circus matches the pattern case-insensitively against each test's full name.
    const matcher = new RegExp(pattern, 'i');
    const kept = tests.filter((test) => {
      const entry = files[relative(this.globalConfig.rootDir, test.path)];
      if (entry === undefined || !isUnchanged(test.path, entry.sha1)) return true;
      return entry.names.some((name) => matcher.test(name));
    });
    return super.sort(kept);
  }
}
