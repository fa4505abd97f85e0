import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { InterleaveError, type ErrorCode } from '../errors/interleave-error';
import { IMPORT_NAMES, VERSION } from '../version';
import { interleaveTypes, ownSourceEntry } from './resolve-interleave';
import { missingModuleHint } from './missing-module-hint';

const CACHE_DIR = path.join(os.tmpdir(), 'interleave-typecheck');

interface CacheEntry {
  readonly files: Record<string, string>;
}

function digest(file: string): string | undefined {
  try {
    return crypto.createHash('sha1').update(fs.readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

/** The nearest tsconfig.json above a file, found without loading the compiler. */
function nearestTsconfig(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'tsconfig.json');
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return '';
  }
}

/** Keyed by the file and the tsconfig.json that applies to it: adding or removing one checks the file again. */
function cacheFile(entry: string): string {
  return path.join(CACHE_DIR, `${crypto.createHash('sha1').update(`${VERSION}\0${entry}\0${nearestTsconfig(entry)}`).digest('hex')}.json`);
}

/** True when an earlier clean type check covered exactly these file contents. */
function cachedClean(entry: string): boolean {
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile(entry), 'utf8')) as CacheEntry;
    return Object.entries(cached.files).every(([f, h]) => digest(f) === h);
  } catch {
    return false;
  }
}

/** The options used where the file's project has no tsconfig.json: strict, CommonJS, no ambient types. */
function defaultOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    strict: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: [],
  };
}

/**
 * The compiler options for a file: those of the nearest tsconfig.json above it (its project's), else strict
 * defaults; and `interleave` (under either name) mapped to the declarations of the copy the file loads.
 */
function optionsFor(ts: typeof TS, abs: string, code: ErrorCode, kind: string, file: string): { options: TS.CompilerOptions; config?: string } {
  const dir = path.dirname(abs);
  const config = ts.findConfigFile(dir, (f) => ts.sys.fileExists(f));
  let options = defaultOptions(ts);
  if (config !== undefined) {
    const read = ts.readConfigFile(config, (f) => ts.sys.readFile(f));
    const parsed = read.error ? undefined : ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config), undefined, config);
    const error = read.error ?? parsed?.errors.find((d) => d.category === ts.DiagnosticCategory.Error && d.code !== 18003);
    if (error !== undefined || parsed === undefined) {
      throw new InterleaveError({
        code,
        message: `The ${kind} ${file} cannot be type-checked: its project's ${config} is unusable: ${ts.flattenDiagnosticMessageText(error?.messageText ?? 'unreadable', ' ')}.`,
        hint: 'Fix that tsconfig.json, or pass --no-typecheck.',
        file,
      });
    }
    options = { ...parsed.options };
    // Only this one file is checked, and nothing is written.
    for (const k of ['composite', 'incremental', 'tsBuildInfoFile', 'declaration', 'declarationMap', 'emitDeclarationOnly', 'outDir', 'outFile'] as const) delete options[k];
  }
  const types = interleaveTypes(dir);
  const paths: Record<string, string[]> = { ...options.paths };
  // A project that maps `interleave` to the very sources the running build came from (interleave's own checkout)
  // is checked against that build's declarations: the API the model runs against, without type-checking all of
  // src/ again for every model file (about 2.5x the time when cold).
  const own = ownSourceEntry();
  const base = (options as { pathsBasePath?: string }).pathsBasePath ?? options.baseUrl ?? dir;
  for (const name of IMPORT_NAMES) {
    const mapped = paths[name];
    const toOwnSource = own !== undefined && types.endsWith('.d.ts') && mapped?.length === 1 && path.resolve(base, mapped[0] as string) === own;
    if (mapped === undefined || toOwnSource) paths[name] = [types];
  }
  return { options: { ...options, noEmit: true, skipLibCheck: true, paths }, ...(config !== undefined ? { config } : {}) };
}

/**
 * Type-checks a model or spec file against the declarations of the interleave it loads, with its project's
 * tsconfig.json where there is one (strict defaults otherwise), so that a type error is reported before a run
 * rather than surfacing as a wrong answer. A clean result is cached per file contents (in the OS temp folder),
 * so only the first run after an edit pays the second or so this takes.
 */
export function typecheck(file: string, kind: string, code: ErrorCode): void {
  const abs = path.resolve(file);
  if (cachedClean(abs)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  const { options, config } = optionsFor(ts, abs, code, kind, file);
  const program = ts.createProgram([abs], options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) {
    const shown = diagnostics.slice(0, 3).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\.$/, '');
      if (!d.file || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.relative(process.cwd(), d.file.fileName)}(${line + 1},${character + 1}): ${text}`;
    });
    const more = diagnostics.length > 3 ? ` (and ${diagnostics.length - 3} more)` : '';
    // TS2307 "Cannot find module": no flag helps, the package is missing from the file's project.
    const missing = diagnostics.map((d) => (d.code === 2307 ? /'([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, ' '))?.[1] : undefined)).find((m) => m !== undefined);
    throw new InterleaveError({
      code,
      message: `The ${kind} ${file} does not compile: ${shown.join('; ')}${more}.`,
      hint: missing !== undefined ? missingModuleHint(missing, abs) : 'Fix them, or pass --no-typecheck to run the file as it is.',
      file,
    });
  }
  const files: Record<string, string> = {};
  // An edit of the project's tsconfig.json checks the file again.
  if (config !== undefined) {
    const h = digest(config);
    if (h) files[config] = h;
  }
  for (const sf of program.getSourceFiles()) {
    // Declarations count too: the build's index.d.ts is what a model in this checkout is checked against.
    if (sf.fileName.includes('/node_modules/')) continue;
    const h = digest(sf.fileName);
    if (h) files[sf.fileName] = h;
  }
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    const target = cacheFile(abs);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ files } satisfies CacheEntry));
    fs.renameSync(tmp, target);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}
