// Control characters (C0, DEL, C1: ANSI escapes among them), format characters (bidi overrides,
// zero-width) and line/paragraph separators: a terminal would act on them instead of showing them.
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const UNSAFE_BUT_NEWLINE = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escape(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * Text that is safe to print on one line: every unsafe character shown as an escape
 * (`\x1b`, `\u{202e}`), so nothing a provider sent can move the cursor, recolour or hide text.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, escape);
}

/** Like {@link safeText}, but keeps line breaks: for multi-line messages such as a config error's field list. */
export function safeLines(text: string): string {
  return text.replace(/\r\n/g, '\n').replace(UNSAFE_BUT_NEWLINE, escape);
}

/**
 * `value` as indented JSON in which every unsafe character is a `\uXXXX` escape. `JSON.stringify`
 * escapes C0 controls only, not DEL, C1 or bidi overrides; outside strings JSON holds none of them.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_BUT_NEWLINE, jsonEscape);
}

/** `value` as one line of JSON, escaped like {@link safeJson}: for JSON log lines. */
export function safeJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_BUT_NEWLINE, jsonEscape);
}

/** `\uXXXX` per UTF-16 code unit: a character beyond the BMP (U+E0001, say) becomes its surrogate pair. */
function jsonEscape(char: string): string {
  let escaped = '';
  for (let i = 0; i < char.length; i++) escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return escaped;
}
