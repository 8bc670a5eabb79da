import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { EXAMPLE_CONFIG, TempDir } from './cliHarness.js';
import { deletePrefix, REDIS_URL, redisAdmin, redisRequirement, uniquePrefix } from '../helpers/redis.js';
import { describeNeeding } from '../helpers/requireTools.js';
import { cleanEnv, cliPath } from './spawnCli.js';

const redis = await redisRequirement();
const describeNeedingRedis = (name: string, body: () => void): void => describeNeeding(name, [redis], body);

const run = promisify(execFile);

describe('the built bin, dist/cli/main.js', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  it('should run as a program by itself after `npm run build` (its execute bit set), as npx and linked installs run it', async () => {
    // Not `node dist/cli/main.js`: the file itself, through its #! line.
    const { stdout } = await run(cliPath(), ['--version'], { env: cleanEnv() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  /**
   * Runs the built bin with `args`, and returns what it printed and every module it loaded: the
   * ES modules through a load hook, the CommonJS ones (a `createRequire` load, which that hook
   * does not see on Node 20) from NODE_DEBUG=module's lines.
   */
  async function runTracingModules(args: readonly string[], env: Record<string, string> = {}): Promise<{ stdout: string; loaded: string }> {
    const log = join(dir.path, `loaded-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(log, '');
    const hooks = dir.write('hooks.mjs', `import { appendFileSync } from 'node:fs';\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }\n`);
    const register = dir.write(`register-${Math.random().toString(36).slice(2)}.mjs`, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`);
    const { stdout, stderr } = await run(process.execPath, ['--import', pathToFileURL(register).href, cliPath(), ...args], {
      env: cleanEnv({ ...env, NODE_DEBUG: 'module' }),
    });
    const required = [...stderr.matchAll(/^MODULE \d+: load "([^"]+)"/gm)].map((match) => match[1]);
    expect(required).not.toEqual([]);
    return { stdout, loaded: `${readFileSync(log, 'utf8')}${required.join('\n')}\n` };
  }

  /** What a command that opens no session must not load. */
  const HEAVY = ['/node_modules/zod/', '/node_modules/inversify/', '/node_modules/@inversifyjs/', '/node_modules/redis/', '/node_modules/@redis/', '/node_modules/undici/', '/dist/container/', '/dist/http/', '/dist/server/', '/dist/store/redis/'];

  /** The models.dev catalog, which only `complete --describe` needs. */
  const CATALOG = ['/node_modules/@tokenlens/', '/dist/cli/quick/catalogDescriber.js'];

  describe('complete, which a shell runs on every Tab', () => {
    it('should load no schema library, container, Redis client, HTTP stack or argument parser', async () => {
      const { stdout, loaded } = await runTracingModules(['complete', '--config', EXAMPLE_CONFIG, 'gpt4o']);
      expect(stdout).toBe('openai/gpt-4o\nopenai/gpt-4o-mini\nopenrouter/openai/gpt-4o\n');
      expect(loaded).toContain('/dist/cli/quick/quickComplete.js');
      for (const heavy of [...HEAVY, ...CATALOG, '/node_modules/commander/']) expect({ heavy, loaded: loaded.includes(heavy) }).toEqual({ heavy, loaded: false });
    });

    it('should load the model catalog only for --describe, and still no schema library, container or HTTP stack', async () => {
      const { stdout, loaded } = await runTracingModules(['complete', '--config', EXAMPLE_CONFIG, '--describe', 'gpt-4o-m']);
      expect(stdout).toBe('openai/gpt-4o-mini\tGPT-4o mini · 128k · $0.15/$0.60\n');
      for (const part of CATALOG) expect(loaded).toContain(part);
      for (const heavy of [...HEAVY, '/node_modules/commander/']) expect({ heavy, loaded: loaded.includes(heavy) }).toEqual({ heavy, loaded: false });
    });

    it('should still answer through the full command when the quick path declines (help)', async () => {
      const { stdout } = await run(cliPath(), ['complete', '--help'], { env: cleanEnv() });
      expect(stdout).toContain('Usage: scoped-models complete');
    });
  });

  describe('a command on a file store (list)', () => {
    const NODE_REDIS = ['/node_modules/redis/', '/node_modules/@redis/'];

    it('should not load node-redis, which only a Redis store needs', async () => {
      const { stdout, loaded } = await runTracingModules(['list', '--config', EXAMPLE_CONFIG, '--provider', 'ollama']);
      expect(stdout).toContain('ollama/llama3.1:8b');
      for (const part of NODE_REDIS) expect({ part, loaded: loaded.includes(part) }).toEqual({ part, loaded: false });
    });

    describeNeedingRedis('on a Redis store', () => {
      it('should load node-redis when the config names a Redis store (the trace sees it)', async () => {
        const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as object;
        const prefix = uniquePrefix();
        const config = dir.write('redis-store.json', { ...example, store: { type: 'redis', url: REDIS_URL, prefix } });
        const admin = await redisAdmin();
        try {
          const { stdout, loaded } = await runTracingModules(['list', '--config', config, '--provider', 'ollama']);
          expect(stdout).toContain('ollama/llama3.1:8b');
          for (const part of NODE_REDIS) expect(loaded).toContain(part);
        } finally {
          await deletePrefix(admin, prefix);
          admin.destroy();
        }
      });
    });
  });

  describe('a command that opens no session', () => {
      it('should load only what it uses for a command that opens no session (completion bash)', async () => {
        const { stdout, loaded } = await runTracingModules(['completion', 'bash']);
        expect(stdout).toContain('complete -F _scoped_models scoped-models');
        for (const heavy of HEAVY) expect({ heavy, loaded: loaded.includes(heavy) }).toEqual({ heavy, loaded: false });
      });
  });
});
