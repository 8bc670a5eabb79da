import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { createDefaultEsmPreset, type JestConfigWithTsJest } from 'ts-jest';

// Without a Redis server the Redis tests skip (and say so), so the coverage threshold leaves the
// Redis-only files out; under CI they fail instead (see __tests__/helpers/redis.ts).
const redisUp = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', '6379', 'ping'], { encoding: 'utf8', timeout: 2_000 }).stdout?.trim() === 'PONG';

const config: JestConfigWithTsJest = {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  collectCoverageFrom: ['src/**/*.ts', ...(redisUp ? [] : ['!src/store/redis/**'])],
  coverageThreshold: { global: { lines: 90 } },
  coverageReporters: ['text-summary'],
  // Builds dist/ when src/ changed since the last build: the end-to-end tests run the build.
  globalSetup: '<rootDir>/__tests__/setup/ensureBuilt.ts',
  // The slow files first: on a clean clone jest has no durations to order by.
  testSequencer: '<rootDir>/scripts/slowFirstSequencer.js',
  testTimeout: 20_000,
  // A worker with nothing left open can take longer than jest's 500 ms to exit on a starved CPU,
  // and jest then reports a leak that is not there; a real leak (a ref'd timer) still shows.
  workerGracefulExitTimeout: 3_000,
  // Jest's default (cores - 1) is one worker on two cores, and the end-to-end files (spawned
  // CLIs, tmux) mostly wait: four workers let them wait beside the rest.
  maxWorkers: Math.max(4, availableParallelism() - 1),
};

export default config;
