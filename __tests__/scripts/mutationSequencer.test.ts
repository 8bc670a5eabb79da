import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface TestLike {
  path: string;
  context: { config: { cache: boolean; rootDir: string }; hasteFS: { getSize: () => number } };
}
interface Sequencer {
  sort(tests: TestLike[]): TestLike[];
}
type SequencerClass = new (options: { contexts: unknown[]; globalConfig: { rootDir: string; testNamePattern?: string } }) => Sequencer;

// A variable specifier: the script is plain JavaScript, outside the type-checked program.
const scriptPath = '../../scripts/mutationSequencer.js';
const { default: MutationSequencer } = (await import(scriptPath)) as { default: SequencerClass };

describe('the mutation runs’ test sequencer', () => {
  let rootDir: string;
  const files: Record<string, { content: string; names: string[] }> = {
    'a.test.ts': { content: 'a', names: ['ProviderManager should serve the list', 'ProviderManager should refetch'] },
    'b.test.ts': { content: 'b', names: ['CatalogSync should adopt a newer generation'] },
    'c.test.ts': { content: 'c', names: ['queryKey should give one key'] },
  };

  beforeEach(() => {
    rootDir = mkdtempSync(join(tmpdir(), 'sequencer-'));
    const listed: Record<string, { sha1: string; names: string[] }> = {};
    for (const [name, { content, names }] of Object.entries(files)) {
      writeFileSync(join(rootDir, name), content);
      listed[name] = { sha1: createHash('sha1').update(content).digest('hex'), names };
    }
    mkdirSync(join(rootDir, 'node_modules/.cache/scoped-models'), { recursive: true });
    writeFileSync(join(rootDir, 'node_modules/.cache/scoped-models/mutation-test-names.json'), JSON.stringify(listed));
  });
  afterEach(() => rmSync(rootDir, { recursive: true, force: true }));

  const sorted = (testNamePattern?: string) => {
    const sequencer = new MutationSequencer({ contexts: [], globalConfig: { rootDir, ...(testNamePattern === undefined ? {} : { testNamePattern }) } });
    const context = { config: { cache: false, rootDir }, hasteFS: { getSize: () => 1 } };
    const tests = [...Object.keys(files), 'unlisted.test.ts'].map((name) => ({ path: join(rootDir, name), context }));
    return sequencer
      .sort(tests)
      .map((test) => test.path.slice(rootDir.length + 1))
      .sort();
  };

  it('should keep only the files holding a test the pattern matches, and any file it has no names for', () => {
    expect(sorted('(ProviderManager should refetch)|(catalogsync should adopt)')).toEqual(['a.test.ts', 'b.test.ts', 'unlisted.test.ts']);
  });

  it('should keep every file when there is no pattern (the initial run, and static mutants)', () => {
    expect(sorted()).toEqual(['a.test.ts', 'b.test.ts', 'c.test.ts', 'unlisted.test.ts']);
  });

  it('should keep every file when no names were listed (mutationTestNames.js not run, or its jest failed)', () => {
    rmSync(join(rootDir, 'node_modules'), { recursive: true });
    expect(sorted('(ProviderManager should serve the list)')).toEqual(['a.test.ts', 'b.test.ts', 'c.test.ts', 'unlisted.test.ts']);
  });

  it('should keep a file that changed since its names were listed', () => {
    writeFileSync(join(rootDir, 'c.test.ts'), 'c, with a new test');
    expect(sorted('(ProviderManager should serve the list)')).toEqual(['a.test.ts', 'c.test.ts', 'unlisted.test.ts']);
  });
});
