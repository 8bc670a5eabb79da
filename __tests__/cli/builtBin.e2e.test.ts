import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { EXAMPLE_CONFIG, TempDir } from './cliHarness.js';
import { cleanEnv, cliPath } from './spawnCli.js';

const run = promisify(execFile);

describe('the built bin, dist/cli/main.js', () => {
  const dir = new TempDir();
  afterAll(() => dir.remove());

  it('should run as a program by itself after `npm run build` (its execute bit set), as npx and linked installs run it', async () => {
    // Not `node dist/cli/main.js`: the file itself, through its #! line.
    const { stdout } = await run(cliPath(), ['--version'], { env: cleanEnv() });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  describe('complete, which a shell runs on every Tab', () => {
    it('should load no schema library, container, Redis client, HTTP stack or argument parser', async () => {
      const log = join(dir.path, 'loaded.txt');
      writeFileSync(log, '');
      const hooks = dir.write('hooks.mjs', `import { appendFileSync } from 'node:fs';\nlet log;\nexport function initialize(data) { log = data.log; }\nexport async function load(url, context, next) { appendFileSync(log, url + '\\n'); return next(url, context); }\n`);
      const register = dir.write('register.mjs', `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`);
      const { stdout } = await run(process.execPath, ['--import', pathToFileURL(register).href, cliPath(), 'complete', '--config', EXAMPLE_CONFIG, 'gpt4o'], { env: cleanEnv() });
      expect(stdout).toBe('openai/gpt-4o\nopenai/gpt-4o-mini\nopenrouter/openai/gpt-4o\n');
      const loaded = readFileSync(log, 'utf8');
      expect(loaded).toContain('/dist/cli/quick/quickComplete.js');
      for (const heavy of ['/node_modules/zod/', '/node_modules/inversify/', '/node_modules/@inversifyjs/', '/node_modules/redis/', '/node_modules/@redis/', '/node_modules/undici/', '/node_modules/commander/', '/dist/container/', '/dist/http/', '/dist/providers/HttpModelProvider.js', '/dist/store/redis/']) {
        expect({ heavy, loaded: loaded.includes(heavy) }).toEqual({ heavy, loaded: false });
      }
    });

    it('should still answer through the full command when the quick path declines (help)', async () => {
      const { stdout } = await run(cliPath(), ['complete', '--help'], { env: cleanEnv() });
      expect(stdout).toContain('Usage: scoped-models complete');
    });
  });
});
