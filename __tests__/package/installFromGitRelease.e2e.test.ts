import { afterAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = process.cwd();
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const SHIPPED = ['dist', 'LICENSE', 'README.md', '.gitignore', 'examples/scoped-models.config.json', '.ci/packManifest.js', 'scripts/gitRelease.js'];

/** A throwaway repository holding what the release reads (dist/ ignored, as in a clone), one commit on `main`. */
async function stageRepository(dir: string, files: readonly string[]): Promise<void> {
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (const path of files) cpSync(join(root, path), join(dir, path), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  // dist/ is the real build, copied: a no-op build keeps packing fast and leaves the tests beside this one their dist/.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, scripts: { ...manifest.scripts, build: 'node -e 0' } }, null, 2));
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  await run('git', ['init', '--quiet', '--initial-branch=main'], { cwd: dir });
  await run('git', ['config', 'user.name', 'Release Test'], { cwd: dir });
  await run('git', ['config', 'user.email', 'release@example.invalid'], { cwd: dir });
  await run('git', ['add', '--all'], { cwd: dir });
  await run('git', ['commit', '--quiet', '-m', 'source'], { cwd: dir });
}

async function gitOut(cwd: string, args: string[]): Promise<string> {
  return (await run('git', args, { cwd })).stdout.trim();
}

// What a consumer of `npm install github:OWNER/scoped-models#release` gets: the branch that
// `npm run release:git` commits, installed over git into a fresh app. Everything happens in
// throwaway repositories, so this repository's branches are never touched.
describe('scripts/gitRelease.js', () => {
  const work = mkdtempSync(join(tmpdir(), 'scoped-models-git-release-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('should commit the packed package onto release without touching the working tree, and install from git without a warning', async () => {
    const repo = join(work, 'repo');
    await stageRepository(repo, SHIPPED);
    const manifestBefore = readFileSync(join(repo, 'package.json'), 'utf8');
    const headBefore = await gitOut(repo, ['rev-parse', 'HEAD']);

    await run(process.execPath, ['scripts/gitRelease.js'], { cwd: repo });

    const files = (await gitOut(repo, ['ls-tree', '-r', '--name-only', 'release'])).split('\n');
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'examples/scoped-models.config.json']));
    expect(files.filter((path) => path.endsWith('.map') || path.startsWith('src/') || path.startsWith('.ci/') || path.startsWith('scripts/'))).toEqual([]);
    const released = JSON.parse(await gitOut(repo, ['show', 'release:package.json'])) as Record<string, unknown>;
    expect(released).not.toHaveProperty('scripts');
    expect(released).not.toHaveProperty('devDependencies');
    expect(released).toHaveProperty('bin');
    expect(await gitOut(repo, ['log', '-1', '--format=%s', 'release'])).toContain(`built from ${headBefore}`);
    // The current branch, its commit, the index and the files are as they were.
    expect(await gitOut(repo, ['symbolic-ref', 'HEAD'])).toBe('refs/heads/main');
    expect(await gitOut(repo, ['rev-parse', 'HEAD'])).toBe(headBefore);
    expect(await gitOut(repo, ['status', '--porcelain'])).toBe('');
    expect(readFileSync(join(repo, 'package.json'), 'utf8')).toBe(manifestBefore);

    // The same build again adds no commit.
    const releaseTip = await gitOut(repo, ['rev-parse', 'release']);
    const again = await run(process.execPath, ['scripts/gitRelease.js'], { cwd: repo });
    expect(again.stdout).toContain('nothing to commit');
    expect(await gitOut(repo, ['rev-parse', 'release'])).toBe(releaseTip);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    const installed = await run(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${repo}#release`], { cwd: app });
    expect(installed.stderr).not.toMatch(/warn|error|allowScripts|install-scripts/i);
    expect(installed.stdout).not.toMatch(/allowScripts|install-scripts/i);

    const version = await run(join(app, 'node_modules', '.bin', 'scoped-models'), ['--version'], { cwd: app });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const imported = await run(process.execPath, ['--input-type=module', '-e', "import { createContainer } from 'scoped-models'; console.log(typeof createContainer);"], { cwd: app });
    expect(imported.stdout.trim()).toBe('function');
  }, 180_000);

  it('should refuse a working tree with uncommitted changes, and create no branch', async () => {
    const repo = join(work, 'dirty');
    await stageRepository(repo, SHIPPED);
    writeFileSync(join(repo, 'src', 'index.ts'), 'export const unsaved = 1;\n');

    const refused = run(process.execPath, ['scripts/gitRelease.js'], { cwd: repo });

    await expect(refused).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/uncommitted changes: commit or stash them first/) });
    await expect(gitOut(repo, ['branch', '--list', 'release'])).resolves.toBe('');
  }, 60_000);
});
