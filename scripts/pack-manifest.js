#!/usr/bin/env node
'use strict';
// `strip` (prepack) leaves the development scripts out of the package.json that goes into the tarball, and
// `restore` (postpack) puts the original back. npm lists a dependency with a `prepare` script as having
// "install scripts not yet covered by allowScripts", although a packed package is never prepared: a user
// installing the tarball would see that warning. A git-URL install still builds through `prepare`.
const fs = require('node:fs');
const path = require('node:path');

const file = path.resolve(__dirname, '..', 'package.json');
const saved = `${file}.pack-backup`;
const kept = new Set();

if (process.argv[2] === 'strip') {
  const text = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(saved, text);
  const pkg = JSON.parse(text);
  pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts ?? {}).filter(([k]) => kept.has(k)));
  if (Object.keys(pkg.scripts).length === 0) delete pkg.scripts;
  delete pkg.devDependencies;
  fs.writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (process.argv[2] === 'restore') {
  if (fs.existsSync(saved)) fs.renameSync(saved, file);
} else {
  process.stderr.write('usage: pack-manifest.js strip|restore\n');
  process.exitCode = 2;
}
