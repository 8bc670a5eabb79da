#!/usr/bin/env node
// Lists what a Stryker run left alive, one line per mutant, with each file's score and the
// folder's: the list docs/testing.md and stryker/notes/ are triaged from.
//   node scripts/mutationSurvivors.js [report.json] [--under src/server/] [--previous earlier.json]
// --previous fills the mutants a run left Ignored (--ignoreStatic) with an earlier run's status of
// the same mutant: tests were only added since, so an earlier Survived is a conservative guess.
import { readFileSync } from 'node:fs';
import process from 'node:process';

const args = process.argv.slice(2);
const optionValue = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const under = optionValue('--under') ?? '';
const previousPath = optionValue('--previous');
const reportPath = args.find((arg, index) => !arg.startsWith('--') && !args[index - 1]?.startsWith('--')) ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(reportPath, 'utf8'));

const identity = (file, mutant) => `${file}:${mutant.location.start.line}:${mutant.location.start.column}:${mutant.mutatorName}:${mutant.replacement}`;
if (previousPath !== undefined) {
  const earlier = new Map();
  for (const [file, { mutants }] of Object.entries(JSON.parse(readFileSync(previousPath, 'utf8')).files)) {
    for (const mutant of mutants) earlier.set(identity(file, mutant), mutant.status);
  }
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) if (mutant.status === 'Ignored') mutant.status = earlier.get(identity(file, mutant)) ?? 'Ignored';
  }
}

const DETECTED = new Set(['Killed', 'Timeout']);
const ALIVE = new Set(['Survived', 'NoCoverage']);
const UNCOUNTED = new Set(['CompileError', 'RuntimeError', 'Ignored', 'Pending']);

/** Score as Stryker counts it: detected over everything that compiled and was tested. */
function score(mutants) {
  const counted = mutants.filter((mutant) => !UNCOUNTED.has(mutant.status));
  const detected = counted.filter((mutant) => DETECTED.has(mutant.status)).length;
  return counted.length === 0 ? 100 : (100 * detected) / counted.length;
}

const totals = {};
const all = [];
const lines = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort()) {
  if (!file.startsWith(under)) continue;
  all.push(...mutants);
  for (const mutant of mutants) totals[mutant.status] = (totals[mutant.status] ?? 0) + 1;
  const alive = mutants.filter((mutant) => ALIVE.has(mutant.status));
  const survived = alive.filter((mutant) => mutant.status === 'Survived').length;
  process.stdout.write(`${score(mutants).toFixed(1).padStart(5)} ${String(survived).padStart(3)} surv ${String(alive.length - survived).padStart(3)} nocov  ${file}\n`);
  const sourceLines = source.split('\n');
  for (const mutant of alive.sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    const { line, column } = mutant.location.start;
    const replacement = (mutant.replacement ?? '').replace(/\s+/g, ' ').slice(0, 120);
    lines.push(`${file}:${line}:${column} ${mutant.status} ${mutant.mutatorName}: '${sourceLines[line - 1]?.trim()}' -> '${replacement}'`);
  }
}
process.stdout.write(`total ${JSON.stringify(totals)} score ${score(all).toFixed(1)}\n`);
process.stdout.write(lines.map((line) => `${line}\n`).join(''));
