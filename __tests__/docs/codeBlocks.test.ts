import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseConfigText } from '../../src/config/loadConfig.js';
import { documentationBlocks, extractCodeBlocks, type CodeBlock } from './extractCodeBlocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const blocks = documentationBlocks(root);
const where = (block: CodeBlock): string => `${block.page}:${block.line}`;
const ofLanguage = (...languages: string[]): [string, CodeBlock][] =>
  blocks.filter((block) => languages.includes(block.language)).map((block) => [where(block), block]);

describe('the code blocks of README.md and docs/**/*.md', () => {
  it('should find the pages and their blocks', () => {
    expect(blocks.some((block) => block.page === 'README.md' && block.language === 'ts')).toBe(true);
    expect(blocks.some((block) => block.page.startsWith('docs') && block.language === 'jsonc')).toBe(true);
  });

  describe('```ts blocks', () => {
    // Each block is written as a module of its own inside the repository (so `scoped-models`
    // maps to src/index.ts and the repository's settings apply), and all are checked in one program.
    const dir = join(root, '.docs-check');
    const files = new Map<string, string>();
    let diagnostics: Map<string, string[]>;

    beforeAll(() => {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      for (const [name, block] of ofLanguage('ts', 'typescript')) {
        const file = join(dir, `${name.replace(/[^A-Za-z0-9]+/g, '_')}.ts`);
        writeFileSync(file, block.text);
        files.set(name, file);
      }
      diagnostics = typeCheck([...files.values()]);
    }, 120_000);

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it.each(ofLanguage('ts', 'typescript'))('%s should type-check as a module importing scoped-models', (name) => {
      expect(diagnostics.get(files.get(name) as string) ?? []).toEqual([]);
    });
  });

  describe('```json blocks', () => {
    it.each(ofLanguage('json'))('%s should be plain JSON that the config loader accepts', (name, block) => {
      expect(() => JSON.parse(block.text) as unknown).not.toThrow();
      expect(() => parseConfigText(block.text, name)).not.toThrow();
    });
  });

  describe('```jsonc blocks', () => {
    it.each(ofLanguage('jsonc'))('%s should be JSONC that the config loader accepts', (name, block) => {
      expect(() => parseConfigText(block.text, name)).not.toThrow();
    });
  });
});

describe(extractCodeBlocks, () => {
  it('should read fences with their language and line, and leave prose out', () => {
    const page = ['# t', '```ts', 'const a = 1;', '```', 'text', '  ```jsonc', '  { }', '  ```', '````md', '```ts', '````'].join('\n');
    expect(extractCodeBlocks('p.md', page)).toEqual([
      { page: 'p.md', line: 2, language: 'ts', text: 'const a = 1;' },
      { page: 'p.md', line: 6, language: 'jsonc', text: '{ }' },
      { page: 'p.md', line: 9, language: 'md', text: '```ts' },
    ]);
  });
});

/** The compiler's complaints about `files`, by file, with the repository's settings and `scoped-models` mapped to the sources. */
function typeCheck(files: readonly string[]): Map<string, string[]> {
  const configPath = join(root, 'tsconfig.json');
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path)) as { config: unknown };
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, paths: { 'scoped-models': ['./src/index.ts'] } };
  const program = ts.createProgram({ rootNames: files, options });
  const result = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (source === undefined) {
      result.set(file, ['not read by the compiler']);
      continue;
    }
    const found = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    result.set(
      file,
      found.map((diagnostic) => {
        const { line } = source.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      }),
    );
  }
  return result;
}
