import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { safeJson, safeLines, safeText } from '../../src/cli/sanitize.js';

const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

describe('safeText', () => {
  describe('when the text holds control, format or separator characters', () => {
    it('should show each as an escape', () => {
      expect(safeText('a\u001b[31mb\u0007\nc\u007f\u009b\u202e\u200bd\u2028')).toBe('a\\x1b[31mb\\x07\\x0ac\\x7f\\x9b\\u{202e}\\u{200b}d\\u{2028}');
    });
  });

  describe('when the text is ordinary', () => {
    it('should leave it as it is', () => {
      expect(safeText('openrouter/meta-llama/llama-3.1:free — ok ✓')).toBe('openrouter/meta-llama/llama-3.1:free — ok ✓');
    });
  });

  it('should never let an unsafe character through', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => expect(UNSAFE.test(safeText(text))).toBe(false)));
  });
});

describe('safeLines', () => {
  it('should keep line breaks and escape everything else unsafe', () => {
    expect(safeLines('one\r\ntwo\n\u001b[2Jthree\r')).toBe('one\ntwo\n\\x1b[2Jthree\\x0d');
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => expect(UNSAFE.test(safeLines(text).replaceAll('\n', ''))).toBe(false)));
  });
});

describe('safeJson', () => {
  it('should give JSON that parses back to the same value, with no raw unsafe character', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.array(fc.string({ unit: 'binary' })), (value, strings) => {
        const text = safeJson({ value, strings });
        expect(UNSAFE.test(text.replaceAll('\n', ''))).toBe(false);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ value, strings })));
      }),
    );
  });

  // Found by the property above (a random run): a format character beyond the BMP was written
  // as five hex digits, which JSON reads as a different character followed by a digit.
  it('should escape a character beyond the BMP as its surrogate pair', () => {
    const text = safeJson(['a\u{e0001}b', '\u{1bca0}']);
    expect(text).toContain('\\udb40\\udc01');
    expect(JSON.parse(text)).toEqual(['a\u{e0001}b', '\u{1bca0}']);
  });
});
