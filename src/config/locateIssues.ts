import { findNodeAtLocation, type Node } from 'jsonc-parser';
import type { ConfigIssue } from '../errors/ConfigError.js';

/**
 * Adds to each issue the line and column (1-based) of the field it names in `tree`, and the
 * provider's name when the field belongs to one, so a message can point into the file.
 */
export function locateIssues(issues: readonly ConfigIssue[], tree: Node | undefined, text: string, input: unknown): ConfigIssue[] {
  return issues.map((issue) => {
    const path = parsePath(issue.path);
    const offset = tree === undefined ? undefined : offsetOf(tree, path);
    const provider = providerName(input, path);
    return {
      ...issue,
      ...(offset === undefined ? {} : lineAndColumn(text, offset)),
      ...(provider === undefined ? {} : { provider }),
    };
  });
}

/** `providers[1].models` → `['providers', 1, 'models']`; a segment it cannot read ends the path. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]|\[[^\]]*\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else break;
  }
  return segments;
}

/** Where the deepest existing node on `path` starts: its property key when it has one. */
function offsetOf(tree: Node, path: readonly (string | number)[]): number | undefined {
  for (let length = path.length; length >= 0; length -= 1) {
    const node = findNodeAtLocation(tree, [...path.slice(0, length)]);
    if (node === undefined) continue;
    return node.parent?.type === 'property' ? node.parent.offset : node.offset;
  }
  return undefined;
}

/** The 1-based line and column of `offset` in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function providerName(input: unknown, path: readonly (string | number)[]): string | undefined {
  if (path[0] !== 'providers' || typeof path[1] !== 'number' || !isRecord(input)) return undefined;
  const providers = input['providers'];
  const entry = Array.isArray(providers) ? (providers[path[1]] as unknown) : undefined;
  return isRecord(entry) && typeof entry['name'] === 'string' ? entry['name'] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
