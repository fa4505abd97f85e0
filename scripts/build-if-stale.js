#!/usr/bin/env node
'use strict';
// Builds dist/ (tsc, incremental) only when a source or config file is newer than the last build, so that
// `npm run suite` and `npm test` start at once when nothing changed. A development script: not in the package.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'bench', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

function newest(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const name of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, name)));
  return max;
}

let built = 0;
try {
  built = fs.statSync(stamp).mtimeMs;
} catch {
  // Never built here.
}
const changed = Math.max(...inputs.map((p) => newest(path.join(root, p))));
if (built > 0 && changed <= built && fs.existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) process.exit(0);
const started = Date.now();
const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
fs.writeFileSync(stamp, `${new Date(started).toISOString()}\n`);
// The stamp says when the build started: a file saved during the build is seen as newer next time.
fs.utimesSync(stamp, new Date(started), new Date(started));
