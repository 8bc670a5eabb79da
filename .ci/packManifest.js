// `npm pack` / `npm publish` hooks. The packed package ships a built dist/, so its manifest needs no
// `prepare` script (which only builds a clone or a git-URL install); left in, npm would list it to
// every consumer as an install script to review. `strip` (prepack) removes it from package.json,
// keeping the original beside it; `restore` (postpack) puts the original back.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import process from 'node:process';

const ORIGINAL = 'package.json.before-pack';
const command = process.argv[2];
if (command === 'strip') {
  const text = readFileSync('package.json', 'utf8');
  writeFileSync(ORIGINAL, text);
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  writeFileSync('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
} else if (command === 'restore') {
  if (existsSync(ORIGINAL)) renameSync(ORIGINAL, 'package.json');
} else {
  throw new Error('usage: node .ci/packManifest.js strip|restore');
}
