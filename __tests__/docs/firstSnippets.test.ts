import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from 'redis';
import ts from 'typescript';
import { cleanEnv, type ChildResult } from '../cli/spawnCli.js';
import { describeRedis, REDIS_URL } from '../helpers/redis.js';
import { documentationBlocks, type CodeBlock } from './extractCodeBlocks.js';

// The first snippet a reader of each page copies must end by itself: run it as a program (its
// types stripped, `scoped-models` resolving to the built package) and wait for the process to exit.
const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = join(root, '.docs-run');
const firstTs = (page: string): CodeBlock => {
  const block = documentationBlocks(root).find((candidate) => candidate.page === page && candidate.language === 'ts');
  if (block === undefined) throw new Error(`${page} has no ts block`);
  return block;
};
const snippets = [firstTs('README.md'), firstTs('docs/embedding.md')];
// A database of its own, so the snippets' default key prefix meets no other test's keys.
const SNIPPET_REDIS_URL = `${REDIS_URL}/13`;

beforeAll(() => {
  mkdirSync(dir, { recursive: true });
  // The embedding snippet reads ./scoped-models.config.json; fixed lists keep it off the network.
  writeFileSync(join(dir, 'scoped-models.config.json'), JSON.stringify({ providers: [{ name: 'openai', type: 'static', models: ['gpt-4o'] }] }));
  snippets.forEach((block, index) => {
    const js = ts.transpileModule(block.text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, experimentalDecorators: true } });
    writeFileSync(join(dir, `snippet${index}.mjs`), js.outputText);
  });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(index: number, env: Record<string, string>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // Ollama at a closed loopback port: refused at once, never another host.
    const child = spawn(process.execPath, [join(dir, `snippet${index}.mjs`)], { cwd: dir, env: cleanEnv({ OLLAMA_HOST: '127.0.0.1:9', ...env }) });
    const result = { stdout: '', stderr: '' };
    child.stdout.on('data', (chunk: Buffer) => (result.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (result.stderr += chunk.toString()));
    // A snippet that never exits is the bug: end it so the assertion, not the test timeout, reports it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ...result });
    });
  });
}

describe('the first ts snippet of README.md and docs/embedding.md', () => {
  it.each(snippets.map((block, index) => [`${block.page}:${block.line}`, index] as const))('%s should run and exit by itself', async (_name, index) => {
    const result = await run(index, { NODE_ENV: 'production' });
    expect(result).toMatchObject({ code: 0, signal: null });
  });
});

await describeRedis('the first ts snippet with REDIS_URL set (production binds the Redis store)', () => {
  // Removes what the snippets stored, in the database of their own.
  afterAll(async () => {
    const client = createClient({ url: SNIPPET_REDIS_URL });
    await client.connect();
    try {
      for await (const keys of client.scanIterator({ MATCH: 'scoped-models:*' })) if (keys.length > 0) await client.del(keys);
    } finally {
      client.destroy();
    }
  });

  it.each(snippets.map((block, index) => [`${block.page}:${block.line}`, index] as const))('%s should close its connections and exit', async (_name, index) => {
    const result = await run(index, { NODE_ENV: 'production', REDIS_URL: SNIPPET_REDIS_URL });
    expect(result).toMatchObject({ code: 0, signal: null });
  });
});
