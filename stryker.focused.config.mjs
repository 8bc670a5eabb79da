// A focused mutation run of one folder: only the test folders listed for it below run against
// its mutants. Stricter than stryker.config.json (a mutant only some other folder's test would
// catch counts as survived) and several times faster where a module, like classifyModelId,
// is reached by nearly every test in the suite.
// Usage: MUTATE_FOLDER=providers npm run mutate:focused -- [--ignoreStatic] [--mutate '<files>']
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const testFoldersOf = {
  providers: ['providers', 'config'],
  store: ['store', 'manager', 'container'],
  http: ['http', 'providers'],
  server: ['server', 'http'],
  manager: ['manager', 'container'],
};
const folder = process.env.MUTATE_FOLDER ?? 'providers';
const testFolders = Object.hasOwn(testFoldersOf, folder) ? testFoldersOf[folder] : undefined;
if (testFolders === undefined) {
  throw new Error(`MUTATE_FOLDER must be one of ${Object.keys(testFoldersOf).join(', ')}; got "${folder}"`);
}
const base = JSON.parse(readFileSync(new URL('./stryker.config.json', import.meta.url), 'utf8'));

export default {
  ...base,
  mutate: [`src/${folder}/**/*.ts`],
  incrementalFile: `stryker/incremental/${folder}-focused.json`,
  jest: {
    ...base.jest,
    config: {
      ...base.jest.config,
      roots: [...testFolders.map((name) => `<rootDir>/__tests__/${name}`), '<rootDir>/src'],
    },
  },
};
