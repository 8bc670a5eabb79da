import { describe, expect, it } from '@jest/globals';

interface TestLike {
  path: string;
  context: { config: { cache: boolean; rootDir: string }; hasteFS: { getSize: (path: string) => number } };
}
interface Sequencer {
  sort(tests: TestLike[]): TestLike[];
}
type SequencerClass = new (options: { contexts: unknown[]; globalConfig: { rootDir: string } }) => Sequencer;

// A variable specifier: the script is plain JavaScript, outside the type-checked program.
const scriptPath = '../../scripts/slowFirstSequencer.js';
const { default: SlowFirstSequencer } = (await import(scriptPath)) as { default: SequencerClass };

describe('the npm test sequencer', () => {
  it('should start the files that spawn CLIs, npm, tmux or Redis topologies first, each group in jest’s own order (larger first)', () => {
    const sizes: Record<string, number> = {
      '/r/__tests__/manager/big.test.ts': 900,
      '/r/__tests__/cli/main.e2e.test.ts': 100,
      '/r/__tests__/manager/small.test.ts': 10,
      '/r/__tests__/cli/repl.tmux.test.ts': 50,
      '/r/__tests__/store/redis/cluster.test.ts': 20,
      '/r/__tests__/store/redis/RedisCatalogStore.test.ts': 30,
      '/r/__tests__/docs/codeBlocks.test.ts': 10,
    };
    const context = { config: { cache: false, rootDir: '/r' }, hasteFS: { getSize: (path: string) => sizes[path] ?? 0 } };
    const sequencer = new SlowFirstSequencer({ contexts: [], globalConfig: { rootDir: '/r' } });
    const order = sequencer.sort(Object.keys(sizes).map((path) => ({ path, context }))).map((test) => test.path.slice('/r/__tests__/'.length));
    expect(order).toEqual([
      'cli/main.e2e.test.ts',
      'cli/repl.tmux.test.ts',
      'store/redis/cluster.test.ts',
      'docs/codeBlocks.test.ts',
      'manager/big.test.ts',
      'store/redis/RedisCatalogStore.test.ts',
      'manager/small.test.ts',
    ]);
  });
});
