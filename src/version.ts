import * as fs from 'node:fs';
import * as path from 'node:path';

/** The name interleave is published under (`interleave` on the npm registry is an unrelated package). */
export const PACKAGE_NAME = 'interleave-check';

/** The names a model or spec file may import interleave by: the short one, and the package's own. */
export const IMPORT_NAMES: readonly string[] = ['interleave', PACKAGE_NAME];

function findVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME && pkg.version) return pkg.version;
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}

/** The checker's version, recorded in every report so that a run can be reproduced. */
export const VERSION = findVersion();
