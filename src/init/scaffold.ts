import * as fs from 'node:fs';
import * as path from 'node:path';
import { InterleaveError } from '../errors/interleave-error';
import { PACKAGE_NAME } from '../version';

/** What `init` writes: template files (kept in the package's templates/init) and where they go in the project. */
export const SCAFFOLD_FILES: readonly { readonly template: string; readonly target: string }[] = [
  { template: 'models/lock.ts', target: 'models/lock.ts' },
  { template: 'specs/lock.spec.ts', target: 'specs/lock.spec.ts' },
  { template: 'test/lock.test.ts', target: 'test/lock.test.ts' },
  // Kept outside a dot-folder in the package: npm leaves some dot-files out of a packed tarball.
  { template: 'interleave.yml', target: '.github/workflows/interleave.yml' },
];

/** The npm scripts `init` adds to the project's package.json. */
export const SCAFFOLD_SCRIPTS: Readonly<Record<string, string>> = {
  interleave: 'interleave suite --out reports/interleave --baseline interleave-baseline.json',
  'interleave:baseline':
    "interleave suite --out reports/interleave && node -e \"require('fs').copyFileSync('reports/interleave/summary.json', 'interleave-baseline.json')\"",
};

/**
 * vitest's default pattern takes `specs/*.spec.ts` (interleave suites) for its own test files: a config that
 * leaves them out is written when the project has no vitest or vite config (else `init` says what to add).
 */
const VITEST_CONFIG = { template: 'vitest.config.mts', target: 'vitest.config.mts' };
const VITEST_CONFIGS = ['vitest.config', 'vite.config'].flatMap((b) => ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'].map((e) => `${b}.${e}`));

export interface ScaffoldResult {
  /** Files written, relative to the project folder. */
  readonly written: readonly string[];
  /** The project's own vitest (or vite) config, which `init` left alone, when it has one. */
  readonly vitestConfig?: string;
  /** Scripts added to package.json. */
  readonly scripts: readonly string[];
  /** Packages the scaffolded files import that the project's package.json does not list. */
  readonly missingPackages: readonly string[];
}

function templatesDir(): string {
  // dist/src/init (built) or src/init (from source): the package root is the first folder above with templates/.
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'templates', 'init');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`interleave's templates/init folder is missing (looked above ${__dirname})`);
  }
}

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackageJson(file: string): PackageJson {
  try {
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg)) throw new Error('not an object');
    return pkg as PackageJson;
  } catch (error) {
    throw new InterleaveError({
      code: 'IL105',
      message: `init cannot read ${file}: ${error instanceof Error ? error.message : String(error)}.`,
      hint: 'Fix that package.json, then run init again.',
      file,
    });
  }
}

/**
 * Writes the example model (a lock with a buggy and a fixed variant), its spec, a vitest test, npm scripts and
 * a GitHub Actions workflow into an existing npm project. Writes nothing when any file or script it would
 * write is already there (IL106, naming them all), so that a project's own files are never replaced.
 */
export function scaffold(dir: string): ScaffoldResult {
  const root = path.resolve(dir);
  const pkgFile = path.join(root, 'package.json');
  if (!fs.existsSync(pkgFile)) {
    throw new InterleaveError({
      code: 'IL105',
      message: `init needs an npm project, and ${root} has no package.json.`,
      hint: `Run \`npm init -y\` in ${root} first (or name the project's folder: \`npx interleave init <dir>\`).`,
      file: pkgFile,
    });
  }
  const pkg = readPackageJson(pkgFile);
  const scripts = pkg.scripts ?? {};
  const clashes = [
    ...SCAFFOLD_FILES.map((f) => f.target).filter((t) => fs.existsSync(path.join(root, t))),
    ...Object.keys(SCAFFOLD_SCRIPTS).filter((s) => s in scripts && scripts[s] !== SCAFFOLD_SCRIPTS[s]).map((s) => `package.json script "${s}"`),
  ];
  if (clashes.length > 0) {
    throw new InterleaveError({
      code: 'IL106',
      message: `init would overwrite ${clashes.join(', ')} in ${root}; nothing was written.`,
      hint: 'Move or rename them (or run init in another folder), then run init again.',
      file: root,
    });
  }
  const vitestConfig = VITEST_CONFIGS.find((f) => fs.existsSync(path.join(root, f)));
  const files = vitestConfig === undefined ? [...SCAFFOLD_FILES, VITEST_CONFIG] : SCAFFOLD_FILES;
  const templates = templatesDir();
  for (const { template, target } of files) {
    const file = path.join(root, target);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(templates, template), file, fs.constants.COPYFILE_EXCL);
  }
  const added = Object.keys(SCAFFOLD_SCRIPTS).filter((s) => !(s in scripts));
  if (added.length > 0) {
    const text = fs.readFileSync(pkgFile, 'utf8');
    const indent = /^[ \t]+/m.exec(text)?.[0] ?? '  ';
    const updated = { ...(JSON.parse(text) as Record<string, unknown>), scripts: { ...scripts, ...SCAFFOLD_SCRIPTS } };
    fs.writeFileSync(pkgFile, `${JSON.stringify(updated, null, indent)}\n`);
  }
  const listed = { ...pkg.dependencies, ...pkg.devDependencies };
  return {
    written: files.map((f) => f.target),
    ...(vitestConfig !== undefined ? { vitestConfig } : {}),
    scripts: added,
    missingPackages: [PACKAGE_NAME, 'immer', 'vitest'].filter((p) => !(p in listed)),
  };
}
