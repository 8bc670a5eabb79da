import { afterAll, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What a test opened, to be closed after it whatever its outcome. */
export interface Cleanup {
  /** Runs `teardown` after the test; the last registered runs first. */
  defer(teardown: () => unknown): void;
  /** Closes `resource` after the test, and returns it: `const store = cleanup.closing(new RedisCatalogStore(…))`. */
  closing<T extends { close(): unknown }>(resource: T): T;
  /** A fresh temporary folder, removed after the test. */
  tempDir(prefix?: string): string;
}

/**
 * Registers an `afterEach` that runs every teardown the test registered, so a failing assertion
 * never leaves a server, a connection or a folder behind. Every teardown runs even when one
 * throws; the first error is then rethrown. Call it at the top of a file or a `describe`.
 */
export function cleanupAfterEach(): Cleanup {
  const teardowns: (() => unknown)[] = [];
  afterEach(async () => {
    const errors: unknown[] = [];
    for (const teardown of teardowns.splice(0).reverse()) {
      try {
        await teardown();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });
  const cleanup: Cleanup = {
    defer: (teardown) => {
      teardowns.push(teardown);
    },
    closing: (resource) => {
      teardowns.push(() => resource.close());
      return resource;
    },
    tempDir: (prefix = 'scoped-models-') => {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      cleanup.defer(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
  };
  return cleanup;
}

const scratch = new Set<string>();
// Registered once per test file (each file has its own module registry): the folders that
// helpers make on the side, such as a CLI run's cache folder, go when the file is done.
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  scratch.clear();
});

/** A temporary folder that a helper makes on a test's behalf, removed once the test file has run. */
export function scratchDir(prefix = 'scoped-models-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.add(dir);
  return dir;
}
