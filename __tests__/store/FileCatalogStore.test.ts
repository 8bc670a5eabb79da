import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Logger } from '../../src/logging/Logger.js';
import type { StoredEntry } from '../../src/store/CatalogStore.js';
import { defaultCatalogPath } from '../../src/store/defaultCatalogPath.js';
import { FileCatalogStore } from '../../src/store/FileCatalogStore.js';
import { cleanupAfterEach } from '../helpers/cleanup.js';
import { ManualClock } from '../helpers/ManualClock.js';
import { rejectionOf } from '../helpers/thrownBy.js';
import { catalogStoreContract } from './catalogStoreContract.js';

const run = promisify(execFile);
const cleanup = cleanupAfterEach();

/** A catalog path in a folder of its own, removed after the test. */
function tempPath(): string {
  return join(cleanup.tempDir('scoped-models-store-'), 'nested', 'catalog.json');
}

/** Lets a reader blocked on opening the FIFO at `path` go on (it reads an empty file); does nothing when none waits. */
function releaseFifoReader(path: string): void {
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // ENXIO: no reader is waiting; ENOENT: the FIFO is gone.
  }
}

/** Tracks whether `promise` has settled, without letting a rejection go unhandled. */
function track<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { settled: () => settled, promise };
}

/** Lets the store's file I/O run until it settles or waits on the clock. */
async function untilIdle(clock: ManualClock, settled: () => boolean): Promise<void> {
  while (!settled() && clock.pendingTimers === 0) await new Promise((resolve) => setImmediate(resolve));
}

/** A lock file held by another process, last touched at `mtimeMs` (whole seconds). */
function holdLock(path: string, mtimeMs: number): void {
  writeFileSync(`${path}.lock`, 'another-process:token');
  utimesSync(`${path}.lock`, mtimeMs / 1000, mtimeMs / 1000);
}

function entry(provider: string, fetchedAt: number, ids: string[]): StoredEntry {
  return { provider, fingerprint: 'f', fetchedAt, models: ids.map((id) => ({ id })) };
}

class RecordingLogger implements Logger {
  readonly warnings: string[] = [];
  warn(message: string): void {
    this.warnings.push(message);
  }
  info(): void {}
}

describe('FileCatalogStore', () => {
  catalogStoreContract('as a CatalogStore', () => {
    const clock = new ManualClock();
    const path = tempPath();
    const store = new FileCatalogStore({ path, clock });
    // A second store on the same file, as another process would have it; fetch locks are per process.
    const peer = new FileCatalogStore({ path, clock });
    return Promise.resolve({ store, peer, lockPeer: store, advance: (ms) => Promise.resolve(clock.advance(ms)), dispose: () => Promise.resolve() });
  });

  describe('.commit', () => {
    it('should create the folder and file, and read back what it wrote in another store object', async () => {
      const path = tempPath();
      const result = await new FileCatalogStore({ path }).commit(entry('p', 10, ['a']));
      expect(result).toMatchObject({ accepted: true, generation: '1' });
      const loaded = await new FileCatalogStore({ path }).load([{ provider: 'p', fingerprint: 'f' }]);
      expect(loaded).toEqual({ generation: '1', entries: [entry('p', 10, ['a'])] });
    });

    it('should write atomically: no temporary or lock file is left behind', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path });
      await store.commit(entry('p', 1, ['a']));
      await store.commit(entry('q', 1, ['b']));
      expect(readdirSync(join(path, '..'))).toEqual(['catalog.json']);
    });

    it('should refuse an older entry and hand back the stored newer one', async () => {
      const store = new FileCatalogStore({ path: tempPath() });
      await store.commit(entry('p', 20, ['new']));
      const result = await store.commit(entry('p', 10, ['old']));
      expect(result).toEqual({ accepted: false, entry: entry('p', 20, ['new']), generation: '1' });
    });

    it('should take over a lock file left by a crashed process', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path, staleLockMs: 0 });
      await store.commit(entry('p', 1, ['a']));
      writeFileSync(`${path}.lock`, '99999');
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(store.commit(entry('p', 2, ['b']))).resolves.toMatchObject({ accepted: true });
    });

    it('should leave a lock that another process took over meanwhile (it only removes its own)', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path });
      await store.commit(entry('p', 1, ['a']));
      // A FIFO in place of the catalog holds the commit inside its lock until the test writes to it.
      await run('rm', [path]);
      await run('mkfifo', [path]);
      // A commit blocked on the FIFO would hold a thread and keep jest from exiting.
      cleanup.defer(() => releaseFifoReader(path));
      const commit = store.commit(entry('p', 2, ['b']));
      const lockPath = `${path}.lock`;
      while (!existsSync(lockPath) || readFileSync(lockPath, 'utf8') === '') await new Promise((resolve) => setTimeout(resolve, 5));
      writeFileSync(lockPath, 'another-process:token');
      await writeFile(path, '');
      await expect(commit).resolves.toMatchObject({ accepted: true });
      expect(readFileSync(lockPath, 'utf8')).toBe('another-process:token');
    });

    it('should report itself as shared, so the manager watches the file for other processes\' commits', () => {
      expect(new FileCatalogStore({ path: tempPath() }).shared).toBe(true);
    });

    it('should write the file readable by its owner only', async () => {
      const path = tempPath();
      await new FileCatalogStore({ path }).commit(entry('p', 1, ['a']));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    });

    it('should fail with store_unavailable, naming the file, when the catalog cannot be written', async () => {
      // The temporary file's name, longer than the catalog's, is too long for the file system.
      const path = join(cleanup.tempDir('scoped-models-store-'), `${'c'.repeat(240)}.json`);
      const error = await rejectionOf(new FileCatalogStore({ path }).commit(entry('p', 1, ['a'])));
      expect(error).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/cannot write the catalog file/), cause: { code: 'ENAMETOOLONG' } });
      expect(readdirSync(join(path, '..'))).toEqual([]);
    });

    it('should fail with store_unavailable when the lock file cannot be created', async () => {
      // The catalog's own name fits; the lock file's, five characters longer, does not.
      const path = join(cleanup.tempDir('scoped-models-store-'), `${'c'.repeat(250)}.json`);
      const error = await rejectionOf(new FileCatalogStore({ path, lockTimeoutMs: 50 }).commit(entry('p', 1, ['a'])));
      expect(error).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/cannot lock the catalog file/), cause: { code: 'ENAMETOOLONG' } });
    });

    it('should fail with store_unavailable when its folder cannot be created', async () => {
      const file = join(cleanup.tempDir('scoped-models-store-'), 'a-file');
      writeFileSync(file, '');
      const error = await rejectionOf(new FileCatalogStore({ path: join(file, 'catalog.json') }).commit(entry('p', 1, ['a'])));
      expect(error).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/cannot create the folder of/), cause: { code: expect.any(String) } });
    });

    it('should wait for another process\'s lock and give up exactly when lockTimeoutMs has passed on its clock', async () => {
      const clock = new ManualClock();
      const path = tempPath();
      const store = new FileCatalogStore({ path, clock, lockTimeoutMs: 100 });
      await store.commit(entry('p', 1, ['a']));
      holdLock(path, clock.now());
      const commit = track(store.commit(entry('p', 2, ['b'])));
      await untilIdle(clock, commit.settled);
      expect(commit.settled()).toBe(false);
      clock.advance(100);
      await untilIdle(clock, commit.settled);
      expect(commit.settled()).toBe(true);
      await expect(commit.promise).rejects.toMatchObject({
        code: 'store_unavailable',
        message: expect.stringMatching(/stayed locked by another process for 100 ms/),
      });
    });

    it('should take the lock once the holder releases it', async () => {
      const clock = new ManualClock();
      const path = tempPath();
      mkdirSync(join(path, '..'), { recursive: true });
      const store = new FileCatalogStore({ path, clock, lockTimeoutMs: 1000 });
      holdLock(path, clock.now());
      const commit = track(store.commit(entry('p', 1, ['a'])));
      await untilIdle(clock, commit.settled);
      expect(commit.settled()).toBe(false);
      await run('rm', [`${path}.lock`]);
      clock.advance(30);
      await expect(commit.promise).resolves.toMatchObject({ accepted: true });
    });

    it('should take over a lock only once it is older than staleLockMs on its clock', async () => {
      const clock = new ManualClock();
      const path = tempPath();
      mkdirSync(join(path, '..'), { recursive: true });
      const store = new FileCatalogStore({ path, clock, staleLockMs: 1000, lockTimeoutMs: 5000 });
      holdLock(path, clock.now());
      const commit = track(store.commit(entry('p', 1, ['a'])));
      await untilIdle(clock, commit.settled);
      clock.advance(1000);
      await untilIdle(clock, commit.settled);
      expect(commit.settled()).toBe(false);
      clock.advance(30);
      await expect(commit.promise).resolves.toMatchObject({ accepted: true });
      expect(existsSync(`${path}.lock`)).toBe(false);
    });

    it('should give up with store_unavailable when another process keeps the lock', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path, lockTimeoutMs: 50 });
      await store.commit(entry('p', 1, ['a']));
      writeFileSync(`${path}.lock`, '99999');
      await expect(store.commit(entry('p', 2, ['b']))).rejects.toMatchObject({ code: 'store_unavailable' });
    });
  });

  describe('when the file is corrupt', () => {
    it.each([
      ['not JSON', '{"version":1,'],
      ['the wrong shape', '{"version":1,"generation":"x","entries":[]}'],
      ['another version', '{"version":99,"generation":1,"entries":{}}'],
      ['null', 'null'],
    ])('should treat %s as empty, warn once, and be overwritten by the next commit', async (_what, text) => {
      const path = tempPath();
      const logger = new RecordingLogger();
      const store = new FileCatalogStore({ path, logger });
      await store.commit(entry('p', 1, ['a']));
      writeFileSync(path, text);
      expect(await store.load([{ provider: 'p', fingerprint: 'f' }])).toEqual({ generation: '0', entries: [] });
      await store.generation();
      expect(logger.warnings).toHaveLength(1);
      expect(logger.warnings[0]).toMatch(/is unreadable; ignoring it/);
      await store.commit(entry('p', 2, ['b']));
      expect((await store.load([{ provider: 'p', fingerprint: 'f' }])).entries).toEqual([entry('p', 2, ['b'])]);
    });

    it('should fail with store_unavailable, naming the file, when it cannot be read', async () => {
      const path = tempPath();
      mkdirSync(path, { recursive: true });
      const error = await rejectionOf(new FileCatalogStore({ path }).load([{ provider: 'p', fingerprint: 'f' }]));
      expect(error).toMatchObject({ code: 'store_unavailable', message: expect.stringMatching(/cannot read the catalog file/), cause: { code: 'EISDIR' } });
    });

    it('should warn again when the file turns corrupt a second time after a good read', async () => {
      const path = tempPath();
      const logger = new RecordingLogger();
      const store = new FileCatalogStore({ path, logger });
      await store.commit(entry('p', 1, ['a']));
      writeFileSync(path, 'garbage');
      await store.generation();
      await store.commit(entry('p', 2, ['b']));
      expect(await store.generation()).toBe('1');
      writeFileSync(path, 'garbage');
      await store.generation();
      expect(logger.warnings).toHaveLength(2);
    });

    it('should ignore an entry filed under another provider\'s key', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path });
      await store.commit(entry('p', 1, ['a']));
      const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, unknown> };
      file.entries['q@f'] = entry('p', 1, ['a']);
      writeFileSync(path, JSON.stringify(file));
      expect((await store.load([{ provider: 'q', fingerprint: 'f' }])).entries).toEqual([]);
    });

    it('should skip one bad entry and keep the good ones', async () => {
      const path = tempPath();
      const store = new FileCatalogStore({ path });
      await store.commit(entry('p', 1, ['a']));
      const file = JSON.parse(readFileSync(path, 'utf8')) as { entries: Record<string, unknown> };
      file.entries['q@f'] = { provider: 'q', fingerprint: 'f', fetchedAt: 'yesterday', models: [] };
      writeFileSync(path, JSON.stringify(file));
      const loaded = await store.load([
        { provider: 'p', fingerprint: 'f' },
        { provider: 'q', fingerprint: 'f' },
      ]);
      expect(loaded.entries.map((e) => e.provider)).toEqual(['p']);
    });
  });

  describe('when two processes write at once', () => {
    it('should keep every provider that either wrote (per-provider merge under the lock)', async () => {
      const path = tempPath();
      const script = (provider: string) => `
        import { FileCatalogStore } from ${JSON.stringify(join(process.cwd(), 'dist/store/FileCatalogStore.js'))};
        const store = new FileCatalogStore({ path: ${JSON.stringify(path)}, lockTimeoutMs: 10000 });
        for (let i = 1; i <= 20; i++) await store.commit({ provider: '${provider}' + (i % 5), fingerprint: 'f', fetchedAt: i, models: [{ id: 'm' + i }] });`;
      await Promise.all(['a', 'b'].map((provider) => run(process.execPath, ['--input-type=module', '-e', script(provider)])));
      const refs = ['a', 'b'].flatMap((p) => [0, 1, 2, 3, 4].map((i) => ({ provider: `${p}${i}`, fingerprint: 'f' })));
      const loaded = await new FileCatalogStore({ path }).load(refs);
      expect(loaded.entries).toHaveLength(10);
      expect(loaded.generation).toBe('40');
      expect(existsSync(`${path}.lock`)).toBe(false);
    });
  });
});

describe('defaultCatalogPath', () => {
  it.each([
    ['linux', { XDG_CACHE_HOME: '/x' }, '/x/scoped-models/catalog.json'],
    ['linux', {}, '/home/u/.cache/scoped-models/catalog.json'],
    ['darwin', {}, '/home/u/Library/Caches/scoped-models/catalog.json'],
  ] as const)('should use the cache folder of %s', (platform, environment, expected) => {
    expect(defaultCatalogPath(environment, platform, '/home/u')).toBe(expected);
  });

  it('should use LOCALAPPDATA on Windows', () => {
    expect(defaultCatalogPath({ LOCALAPPDATA: '/x/Local' }, 'win32', '/home/u')).toBe(join('/x/Local', 'scoped-models', 'catalog.json'));
  });

  it('should fall back to AppData\\Local in the home folder on Windows without LOCALAPPDATA', () => {
    expect(defaultCatalogPath({}, 'win32', '/home/u')).toBe(join('/home/u', 'AppData', 'Local', 'scoped-models', 'catalog.json'));
  });
});
