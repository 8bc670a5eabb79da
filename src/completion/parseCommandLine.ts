/** What the text before the cursor is typing. */
export type CommandLineState =
  /** The command word itself (`/mo`): `word` starts at `from`. */
  | { kind: 'command'; word: string; from: number }
  /** The first argument of the completed command (`/model gp`). */
  | { kind: 'argument'; word: string; from: number }
  /** Anything else: nothing to complete. */
  | { kind: 'none'; from: number };

/**
 * Reads the text before the cursor: a command word still being typed, the first argument of
 * `command`, or something else. Leading white space is allowed; the command is case-sensitive.
 */
export function parseCommandLine(beforeCursor: string, command: string): CommandLineState {
  const start = beforeCursor.length - beforeCursor.trimStart().length;
  const text = beforeCursor.slice(start);
  const firstGap = text.search(/\s/);
  if (firstGap < 0) {
    return text.startsWith('/') ? { kind: 'command', word: text, from: start } : { kind: 'none', from: beforeCursor.length };
  }
  if (text.slice(0, firstGap) !== command) return { kind: 'none', from: beforeCursor.length };
  const rest = text.slice(firstGap).trimStart();
  // Only the first argument is an id; a second word gets nothing.
  if (/\s/.test(rest)) return { kind: 'none', from: beforeCursor.length };
  return { kind: 'argument', word: rest, from: beforeCursor.length - rest.length };
}
