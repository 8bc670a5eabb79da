#!/usr/bin/env node
// Lists every test's full name per test file, for scripts/mutationSequencer.js: with it, a
// mutant run loads only the test files that hold a test Stryker asked for, instead of every file
// that imports the mutated one (in jest's ESM mode each file costs 0.3–0.5 s to load).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { namesFileOf } from './mutationSequencer.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const namesFile = namesFileOf(root);
const stryker = JSON.parse(readFileSync(resolve(root, 'stryker.config.json'), 'utf8'));
const ignored = stryker.jest?.config?.testPathIgnorePatterns ?? [];
const output = resolve(dirname(namesFile), 'mutation-jest.json');
mkdirSync(dirname(output), { recursive: true });

// A pattern no test name matches: jest loads every file and reports each test as pending.
const run = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    resolve(root, 'node_modules/jest/bin/jest.js'),
    '--json',
    `--outputFile=${output}`,
    '--testNamePattern=^\\b$',
    ...ignored.map((pattern) => `--testPathIgnorePatterns=${pattern}`),
  ],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
);
if (run.status !== 0) {
  process.stderr.write(`mutationTestNames: jest exited with ${run.status}; mutant runs will load every related test file\n`);
  rmSync(namesFile, { force: true });
  process.exit(0);
}
const report = JSON.parse(readFileSync(output, 'utf8'));
const files = {};
for (const suite of report.testResults) {
  files[relative(root, suite.name)] = {
    sha1: createHash('sha1').update(readFileSync(suite.name)).digest('hex'),
    names: suite.assertionResults.map((test) => test.fullName),
  };
}
writeFileSync(namesFile, JSON.stringify(files));
process.stderr.write(`mutationTestNames: ${Object.keys(files).length} test files listed in ${relative(root, namesFile)}\n`);
