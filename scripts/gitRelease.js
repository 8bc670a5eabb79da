#!/usr/bin/env node
// `npm run release:git`: commits the package exactly as `npm pack` ships it (built dist/, LICENSE,
// README, example config) onto the branch `release`, so `npm install github:OWNER/scoped-models#release`
// installs a built package and runs no install script. The working tree, its index and the current
// branch are left as they were (a temporary index and `git commit-tree`); pushing is the maintainer's act.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const BRANCH = 'release';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Runs git in the current repository (or with `options`), answering its trimmed stdout. */
function git(args, options = {}) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options }).trim();
}

/** The commit a ref points at, or undefined when there is no such ref. */
function commitOf(ref) {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    return undefined;
  }
}

// A git dependency whose manifest has build or install scripts makes npm install its devDependencies
// and run them (then list them as install scripts to approve); the release holds no sources, so
// none of the scripts or devDependencies could run anyway.
function releaseManifest(text) {
  const { scripts: _scripts, devDependencies: _devDependencies, ...manifest } = JSON.parse(text);
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

function release() {
  if (git(['status', '--porcelain']) !== '') {
    throw new Error('The working tree has uncommitted changes: commit or stash them first, since the release is built from the working tree and named after HEAD.');
  }
  if (git(['symbolic-ref', '--quiet', 'HEAD']) === `refs/heads/${BRANCH}`) {
    throw new Error(`The branch '${BRANCH}' is checked out here: switch to the branch to release from (e.g. git switch main) and run this again.`);
  }
  const source = git(['rev-parse', 'HEAD']);
  const gitDir = git(['rev-parse', '--absolute-git-dir']);
  const work = mkdtempSync(join(tmpdir(), 'scoped-models-release-'));
  try {
    // npm's own pack lifecycle decides the content: prepack builds and strips `prepare`, `files` picks the files.
    // Its output goes to stderr, so a failing build says why and stdout keeps only the result.
    execFileSync(npm, ['pack', '--pack-destination', work], { stdio: ['ignore', 2, 2] });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack wrote no tarball into ${work}.`);
    const unpacked = join(work, 'unpacked');
    mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', unpacked]);
    const pkg = join(unpacked, 'package');
    const manifestPath = join(pkg, 'package.json');
    writeFileSync(manifestPath, releaseManifest(readFileSync(manifestPath, 'utf8')));
    const { name, version } = JSON.parse(readFileSync(manifestPath, 'utf8'));

    // A separate index and work tree: the repository's own index and files are never read or written.
    const env = { ...process.env, GIT_INDEX_FILE: join(work, 'index'), GIT_DIR: gitDir, GIT_WORK_TREE: pkg };
    git(['add', '--all', '--force', '.'], { cwd: pkg, env });
    const tree = git(['write-tree'], { env });
    const parent = commitOf(`refs/heads/${BRANCH}`);
    if (parent !== undefined && git(['rev-parse', `${parent}^{tree}`]) === tree) {
      process.stdout.write(`${BRANCH} already holds this build of ${name} ${version} (${parent.slice(0, 12)}); nothing to commit.\n`);
      return;
    }
    const message = `${name} ${version}, built from ${source}\n\nThe package as npm pack ships it, without scripts or devDependencies: install it with\nnpm install <git URL>#${BRANCH}\n`;
    const commit = git(['commit-tree', tree, ...(parent === undefined ? [] : ['-p', parent]), '-F', '-'], { env, input: message, stdio: ['pipe', 'pipe', 'pipe'] });
    // The expected old value makes a concurrent change to the branch fail instead of being overwritten.
    git(['update-ref', '-m', `release:git: ${name} ${version}`, `refs/heads/${BRANCH}`, commit, parent ?? '']);
    process.stdout.write(`${BRANCH} → ${commit.slice(0, 12)}: ${name} ${version}, built from ${source.slice(0, 12)}.\nPublish it with: git push origin ${BRANCH}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  release();
} catch (error) {
  process.stderr.write(`release:git: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
