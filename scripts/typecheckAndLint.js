#!/usr/bin/env node
// `npm run check`: the type-check and the lint of `npm test` in one process, over one TypeScript
// program. Run apart (`npm run typecheck`, `npm run lint`), each builds the same program from
// tsconfig.json, which is most of either's time. The rules and files are the same as theirs.
import process from 'node:process';
import { ESLint } from 'eslint';
import ts from 'typescript';

const root = process.cwd();
const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json');
if (configPath === undefined) throw new Error(`no tsconfig.json in ${root}`);
const read = ts.readConfigFile(configPath, ts.sys.readFile);
const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, projectReferences: parsed.projectReferences });

const diagnostics = [...(read.error === undefined ? [] : [read.error]), ...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
const host = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => '\n' };
if (diagnostics.length > 0) process.stdout.write(ts.formatDiagnosticsWithColorAndContext(diagnostics, host));

// The TypeScript files lint over the program just checked instead of building their own.
const eslint = new ESLint({ overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, programs: [program] } } }] });
const results = await eslint.lintFiles(['.']);
const formatter = await eslint.loadFormatter('stylish');
const report = await formatter.format(results);
if (report !== '') process.stdout.write(report);

const lintErrors = results.reduce((count, result) => count + result.errorCount, 0);
process.stdout.write(`typecheck: ${diagnostics.length} error(s); lint: ${lintErrors} error(s) in ${results.length} files\n`);
process.exit(diagnostics.length > 0 || lintErrors > 0 ? 1 : 0);
