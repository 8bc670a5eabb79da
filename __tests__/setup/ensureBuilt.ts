import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  const built = existsSync(join(root, 'dist', 'index.js')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash;
  if (built) return;
  // The package's own build script, so the result is what `npm run build` leaves (the bin's execute bit included).
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, hash);
}

/** A hash of everything the build reads: the sources, the compiler settings and the manifest. */
export function sourceHash(root: string): string {
  const hash = createHash('sha256');
  const files = [...listFiles(join(root, 'src')), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), join(root, 'package.json')];
  for (const file of files.sort()) {
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
