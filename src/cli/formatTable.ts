import { safeText } from './sanitize.js';

/** Which side of its column a cell's text sits on. */
export type Align = 'left' | 'right';

/**
 * Rows as aligned columns separated by two spaces, header first, cells sanitized; trailing
 * spaces trimmed. Widths count code points, which suits the ASCII ids and names printed here.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], align: readonly Align[] = []): string {
  const cells = [header, ...rows].map((row) => row.map((cell) => safeText(cell)));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  return cells
    .map((row) =>
      row
        .map((cell, column) => {
          const pad = ' '.repeat((widths[column] ?? 0) - [...cell].length);
          return align[column] === 'right' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
