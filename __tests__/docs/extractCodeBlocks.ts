import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** One fenced code block of a Markdown page. */
export interface CodeBlock {
  /** The page, relative to the repository (`docs/cli.md`). */
  page: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The info string's first word: `ts`, `json`, `jsonc`, `sh`, … */
  language: string;
  text: string;
}

/** README.md and every Markdown page under docs/, however deep, sorted: pages added later are covered too. */
export function documentationPages(root: string): string[] {
  const docs = join(root, 'docs');
  let pages: string[] = [];
  try {
    pages = readdirSync(docs, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.md'))
      .map((name) => join(docs, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return [join(root, 'README.md'), ...pages.sort()].map((page) => relative(root, page));
}

/** Every fenced block of `text` (``` or ~~~ fences, at the start of a line, possibly indented). */
export function extractCodeBlocks(page: string, text: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split('\n');
  let open: { fence: string; indent: number; language: string; line: number; body: string[] } | undefined;
  lines.forEach((content, index) => {
    const fence = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/.exec(content);
    if (open === undefined) {
      if (fence !== null) open = { fence: fence[2] as string, indent: (fence[1] as string).length, language: (fence[3] as string).toLowerCase(), line: index + 1, body: [] };
      return;
    }
    if (fence !== null && fence[2]?.startsWith(open.fence) === true && fence[3] === '') {
      blocks.push({ page, line: open.line, language: open.language, text: open.body.join('\n') });
      open = undefined;
      return;
    }
    open.body.push(content.slice(Math.min(open.indent, /^ */.exec(content)?.[0].length ?? 0)));
  });
  return blocks;
}

/** The blocks of every documentation page under `root`. */
export function documentationBlocks(root: string): CodeBlock[] {
  return documentationPages(root).flatMap((page) => extractCodeBlocks(page, readFileSync(join(root, page), 'utf8')));
}
