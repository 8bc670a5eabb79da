import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Jest's globalSetup: the tests that spawn the CLI, import `dist/` or run the examples use the
 * build, so a `dist/` older than `src/` could let them pass over code that no longer exists.
 * The build is redone whenever the sources' hash differs from the one it was built from.
 */
export default function ensureBuilt(): void {
  const root = process.cwd();
  // Named for the checkout: a Stryker sandbox shares this node_modules, and must not make us rebuild.
  const checkout = createHash('sha256').update(root).digest('hex').slice(0, 12);
  const stamp = join(root, 'node_modules', '.cache', 'scoped-models', `dist-source-hash-${checkout}`);
  const hash = sourceHash(root);
  const built = existsSync(join(root, 'dist', 'index.js')) && (existsSync(stamp) ? readFileSync(stamp, 'utf8') === hash : builtAfterSources(root));
  if (!built) {
    // The package's own build script, so the result is what `npm run build` leaves (the bin's execute bit included).
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  }
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
}

/**
 * With no stamp yet (a fresh clone, where `npm ci` has just built), a dist/ whose every file is
 * newer than every build input is that build: rebuilding it would only delay every test by ~10 s.
 */
function builtAfterSources(root: string): boolean {
  const inputs = buildInputs(root).map((file) => statSync(file).mtimeMs);
  const outputs = listFiles(join(root, 'dist')).map((file) => statSync(file).mtimeMs);
  return Math.min(...outputs) > Math.max(...inputs);
}

/** What the build reads: the sources, the compiler settings and the manifest. */
function buildInputs(root: string): string[] {
  return [...listFiles(join(root, 'src')), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), join(root, 'package.json')];
}

/** A hash of everything the build reads: the sources, the compiler settings and the manifest. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of buildInputs(root).sort()) {
    hash.update(file.slice(root.length));
    hash.update('\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}
