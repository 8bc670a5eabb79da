import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// What a consumer gets: the package packed by npm's own lifecycle (prepack and postpack run), then
// installed into a fresh app. Packing happens in a copy of the repository's shipped files with a
// no-op build, so the tests running beside this one keep their dist/.
describe('the package, packed and installed into an app', () => {
  const work = mkdtempSync(join(tmpdir(), 'scoped-models-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('should ship LICENSE, README and dist without source maps, install without a warning, and run its bin', async () => {
    const stage = join(work, 'stage');
    mkdirSync(join(stage, 'examples'), { recursive: true });
    for (const path of ['dist', 'LICENSE', 'README.md', 'examples/scoped-models.config.json', '.ci/packManifest.js']) cpSync(join(root, path), join(stage, path), { recursive: true });
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string; scripts: Record<string, string> };
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, build: 'node -e 0' } }, null, 2));

    const packed = await run(npm, ['pack', '--json', '--pack-destination', work], { cwd: stage });
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
    const paths = files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js']));
    expect(paths.filter((path) => path.endsWith('.map') || path.startsWith('src/'))).toEqual([]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^${manifest.license} License`));
    // postpack put the original manifest back.
    expect((JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['prepare']).toBe('npm run build');

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    const installed = await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, filename)], { cwd: app });
    expect(installed.stderr).not.toMatch(/warn|error/i);

    const version = await run(join(app, 'node_modules', '.bin', 'scoped-models'), ['--version'], { cwd: app });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const imported = await run(process.execPath, ['--input-type=module', '-e', "import { createContainer } from 'scoped-models'; console.log(typeof createContainer);"], { cwd: app });
    expect(imported.stdout.trim()).toBe('function');
  }, 180_000);
});
