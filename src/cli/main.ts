#!/usr/bin/env node
// The `scoped-models` command. `complete`, which a shell runs on every Tab, first tries a path that
// loads only what completion needs; everything else (and whatever that path declines) loads the
// whole program, imported only then.
import { processIo } from './CliIo.js';

const io = processIo();
const args = process.argv.slice(2);
let code: number | undefined;
if (args[0] === 'complete') {
  const { quickComplete } = await import('./quick/quickComplete.js');
  code = await quickComplete(args.slice(1), io);
}
if (code === undefined) {
  const { runProgram } = await import('./runProgram.js');
  code = await runProgram(process.argv, io);
}
process.exitCode = code;
