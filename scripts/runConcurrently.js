#!/usr/bin/env node
// Runs npm scripts at the same time (npm test: the type-check with the lint, and jest), each one's output
// held back and printed whole when it ends, so they never interleave. Exits 1 if any failed.
// Usage: node scripts/runConcurrently.js check "jest -- --coverage"
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const tasks = process.argv.slice(2);
if (tasks.length === 0) {
  process.stderr.write('usage: node scripts/runConcurrently.js <npm script> [<npm script> ...]\n');
  process.exit(2);
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = performance.now();
const results = await Promise.all(
  tasks.map(
    (task) =>
      new Promise((resolve) => {
        const [script, ...args] = task.split(' ');
        const child = spawn(npm, ['run', '--silent', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
        const output = [];
        child.stdout.on('data', (chunk) => output.push(chunk));
        child.stderr.on('data', (chunk) => output.push(chunk));
        const taskStarted = performance.now();
        child.on('close', (code, signal) => {
          const seconds = ((performance.now() - taskStarted) / 1000).toFixed(1);
          const ok = code === 0;
          process.stdout.write(`\n── ${task}: ${ok ? 'passed' : `FAILED (${signal ?? `exit ${code}`})`} in ${seconds} s ──\n`);
          process.stdout.write(Buffer.concat(output));
          resolve({ task, ok, seconds });
        });
      }),
  ),
);
const total = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`\n${results.map(({ task, ok, seconds }) => `${ok ? 'ok  ' : 'FAIL'} ${task} (${seconds} s)`).join('\n')}\nall done in ${total} s\n`);
process.exit(results.every(({ ok }) => ok) ? 0 : 1);
