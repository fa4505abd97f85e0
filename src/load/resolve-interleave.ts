import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMPORT_NAMES, PACKAGE_NAME } from '../version';

/** This running copy's entry: dist/src/index.js when built, src/index.ts when run from source. */
function ownEntry(): string {
  const built = path.resolve(__dirname, '..', 'index.js');
  return fs.existsSync(built) ? built : path.resolve(__dirname, '..', 'index.ts');
}

/**
 * The sources this running copy was built from, when it runs from a build inside a checkout
 * (dist/src/index.js with src/index.ts beside dist/); undefined when it runs from source or from a package.
 */
export function ownSourceEntry(): string | undefined {
  if (!fs.existsSync(path.resolve(__dirname, '..', 'index.js'))) return undefined;
  const source = path.resolve(__dirname, '..', '..', '..', 'src', 'index.ts');
  return fs.existsSync(source) ? source : undefined;
}

const found = new Map<string, string>();

/**
 * The file that `import ... from 'interleave'` (or from the package's own name) means in a file of folder
 * `fromDir`: the copy installed in the user's project when there is one, so that a project pins its own
 * version, else this running copy, so that a model file kept anywhere still loads. The short name never
 * resolves to the unrelated `interleave` package of the npm registry: it is looked up under the package's name.
 */
export function interleaveEntry(fromDir: string): string {
  let entry = found.get(fromDir);
  if (entry === undefined) {
    try {
      entry = require.resolve(PACKAGE_NAME, { paths: [fromDir] });
    } catch {
      entry = ownEntry();
    }
    found.set(fromDir, entry);
  }
  return entry;
}

/** The declarations beside an entry (`index.d.ts` beside `index.js`; a `.ts` entry is its own). */
export function interleaveTypes(fromDir: string): string {
  const entry = interleaveEntry(fromDir);
  if (entry.endsWith('.ts')) return entry;
  const types = entry.replace(/\.js$/, '.d.ts');
  return fs.existsSync(types) ? types : entry;
}

export function isInterleaveImport(request: string): boolean {
  return IMPORT_NAMES.includes(request);
}
