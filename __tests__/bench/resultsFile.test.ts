import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

// bench/ is plain JavaScript run by node; its module is loaded as node loads it.
const root = fileURLToPath(new URL('../..', import.meta.url));
const { resultsFile } = (await import(pathToFileURL(`${root}bench/lib/resultsFile.js`).href)) as {
  resultsFile: (run: { quick: boolean; only: readonly string[] | undefined }) => string | undefined;
};
const ignored = (path: string): boolean => {
  try {
    execFileSync('git', ['check-ignore', '--quiet', '--no-index', path], { cwd: root });
    return true;
  } catch {
    return false;
  }
};

describe('resultsFile', () => {
  it('should write a full run to the committed bench/results.json', () => {
    expect(resultsFile({ quick: false, only: undefined })).toBe('results.json');
  });

  it('should never write a --quick run to bench/results.json, but to a file git ignores', () => {
    const file = resultsFile({ quick: true, only: undefined });
    expect(file).not.toBe('results.json');
    expect(ignored(`bench/${file ?? ''}`)).toBe(true);
    expect(ignored('bench/results.json')).toBe(false);
  });

  it('should write nothing for --only', () => {
    expect(resultsFile({ quick: true, only: ['hit'] })).toBeUndefined();
    expect(resultsFile({ quick: false, only: ['hit'] })).toBeUndefined();
  });
});

describe('.gitignore', () => {
  it('should ignore the tarballs npm pack leaves', () => {
    expect(ignored('scoped-models-0.1.0.tgz')).toBe(true);
  });
});
