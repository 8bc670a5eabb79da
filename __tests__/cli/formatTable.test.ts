import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '../../src/cli/formatDuration.js';
import { formatTable } from '../../src/cli/formatTable.js';
import { plural } from '../../src/cli/plural.js';

describe('formatTable', () => {
  it('should align the columns, right where asked, and trim trailing spaces', () => {
    expect(formatTable(['NAME', 'N', 'NOTE'], [['openai', '12', ''], ['x', '3', 'ok']], ['left', 'right'])).toBe(
      ['NAME     N  NOTE', 'openai  12', 'x        3  ok'].join('\n'),
    );
  });

  it('should sanitize cells before measuring them', () => {
    expect(formatTable(['ID'], [['a\u001bb']])).toBe('ID\na\\x1bb');
  });
});

describe('formatDuration', () => {
  it('should show milliseconds below a second and seconds above', () => {
    expect([formatDuration(0), formatDuration(999.4), formatDuration(1000), formatDuration(12_345)]).toEqual(['0 ms', '999 ms', '1.0 s', '12.3 s']);
  });
});

describe('plural', () => {
  it('should add an s except for one', () => {
    expect([plural(0, 'model'), plural(1, 'model'), plural(2, 'model')]).toEqual(['0 models', '1 model', '2 models']);
  });
});
