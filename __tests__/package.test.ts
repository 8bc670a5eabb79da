import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// These run the built package (npm test builds before Jest), as a consumer would.
describe('the built package', () => {
  it('should be require()-able from CommonJS on Node >= 20.19 and expose the public API', () => {
    const script = `const m = require(${JSON.stringify(process.cwd())});
      const c = m.createContainer({ env: 'test', config: { providers: [{ name: 's', type: 'static', models: ['b', 'a'] }] } });
      process.stdout.write(JSON.stringify([typeof m.ProviderManager, m.TYPES.ProviderManager.toString(), c.get(m.TYPES.ProviderManager).validScopedModels()]));`;
    const output = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(['function', 'Symbol(scoped-models.ProviderManager)', ['s/a', 's/b']]);
  });

  it('should point exports and types at dist/', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(readFileSync('dist/index.d.ts', 'utf8')).toContain('ProviderManager');
  });
});
