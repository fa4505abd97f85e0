import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import { InterleaveError, type ErrorCode } from '../errors/interleave-error';
import { interleaveEntry, isInterleaveImport } from './resolve-interleave';
import { missingModuleHint } from './missing-module-hint';
import { noteImmer, unfreezeNotedImmers } from './immer-instances';

let registered = false;

type Handler = (module: NodeJS.Module, filename: string) => void;
type Compilable = NodeJS.Module & { _compile(code: string, filename: string): unknown };

/** JavaScript that TypeScript files compiled to in this thread, by absolute file name. */
const compiled = new Map<string, string>();
/** JavaScript to use for TypeScript files instead of compiling them (given by another thread). */
const precompiled = new Map<string, string>();

const COMPILER_OPTIONS = { module: 'commonjs', target: 'ES2022', esModuleInterop: true, sourceMap: true };

/**
 * JavaScript compiled from TypeScript, kept on disk by the file's name, its contents and the compiler's
 * version and options: a model that has not changed loads without loading the compiler (a quarter of a
 * second).
 */
const COMPILED_DIR = path.join(os.tmpdir(), 'interleave-compiled');
let compiler: string | undefined;

function compiledFile(file: string, source: string): string {
  if (compiler === undefined) {
    const version = (name: string): string => (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
    compiler = `typescript ${version('typescript')}, ts-node ${version('ts-node')}, ${JSON.stringify(COMPILER_OPTIONS)}`;
  }
  const key = crypto.createHash('sha1').update(`${compiler}\0${file}\0${source}`).digest('hex');
  return path.join(COMPILED_DIR, `${key}.js`);
}

function readCompiled(target: string): string | undefined {
  try {
    return fs.readFileSync(target, 'utf8');
  } catch {
    return undefined;
  }
}

function writeCompiled(target: string, js: string): void {
  try {
    fs.mkdirSync(COMPILED_DIR, { recursive: true });
    const partial = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(partial, js);
    fs.renameSync(partial, target);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}

let mapped = false;

/** Stack traces through JavaScript taken from the cache point at the TypeScript lines, as ts-node's do. */
function mapStackTraces(): void {
  if (mapped) return;
  mapped = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const support = require('@cspotcode/source-map-support') as { install(options: object): void };
  support.install({ environment: 'node', retrieveFile: (file: string) => compiled.get(file) ?? '' });
}

/** The TypeScript files this thread compiled, with their JavaScript, for other threads to load without compiling. */
export function compiledSources(): [string, string][] {
  return [...compiled];
}

/** Loads these files from the given JavaScript rather than compiling them (a worker thread gets its model this way). */
export function usePrecompiled(sources: readonly (readonly [string, string])[]): void {
  for (const [file, js] of sources) precompiled.set(file, js);
}

/**
 * Makes `require` understand TypeScript (ts-node, transpile only: loading stays well under a second) and makes
 * `import ... from 'interleave'` in any loaded file resolve to the user's project's copy of interleave, else to
 * this running copy, so that a model file works wherever it lives. Every other import resolves as Node resolves
 * it, from the importing file's folder: a model's `immer` is its project's; the copies of immer that files ask
 * for are noted, and `loadModule` turns their auto-freeze off (see immer-instances.ts). ts-node (and TypeScript with it)
 * is loaded only for a file that has no precompiled JavaScript; what it compiles is kept for other threads.
 */
function register(): void {
  if (registered) return;
  registered = true;
  const M = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string; _extensions: Record<string, Handler> };
  const original = M._resolveFilename;
  M._resolveFilename = function (request: string, ...rest: unknown[]): string {
    if (isInterleaveImport(request)) {
      const parent = rest[0] as { filename?: string | null } | undefined;
      return interleaveEntry(parent?.filename ? path.dirname(parent.filename) : process.cwd());
    }
    const resolved = original.call(this, request, ...rest);
    if (request === 'immer') noteImmer(resolved);
    return resolved;
  };
  const extensions = M._extensions;
  const before = extensions['.ts'];
  let tsHandler: Handler | undefined;
  const ours: Handler = (module, filename) => {
    const m = module as Compilable;
    const js = precompiled.get(filename);
    if (js !== undefined) {
      // Its source map is inline: errors thrown by the model on this thread point at its TypeScript lines too.
      compiled.set(filename, js);
      mapStackTraces();
      m._compile(js, filename);
      return;
    }
    const target = compiledFile(filename, fs.readFileSync(filename, 'utf8'));
    const cached = readCompiled(target);
    if (cached !== undefined) {
      compiled.set(filename, cached);
      mapStackTraces();
      m._compile(cached, filename);
      return;
    }
    if (tsHandler === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const tsNode = require('ts-node') as typeof import('ts-node');
      // ts-node chains to the handler it finds: the one from before ours, not ours.
      if (before === undefined) delete extensions['.ts'];
      else extensions['.ts'] = before;
      tsNode.register({ transpileOnly: true, compilerOptions: COMPILER_OPTIONS, skipProject: true });
      tsHandler = extensions['.ts'] as Handler;
      extensions['.ts'] = ours;
    }
    // ts-node hands its output to the module's _compile: keep a copy on the way.
    const compile = m._compile;
    m._compile = function (code: string, file: string): unknown {
      compiled.set(file, code);
      const result = compile.call(this, code, file);
      writeCompiled(target, code);
      return result;
    };
    tsHandler(module, filename);
  };
  extensions['.ts'] = ours;
}

/** One paragraph from a TypeScript diagnostic: ts-node's `TSError` lists them as `file(line,col): error TSxxxx: text`. */
function compileMessage(error: Error, file: string): string {
  const text = (error as { diagnosticText?: string }).diagnosticText ?? error.message;
  return text.replace(/\s+/g, ' ').trim() || `it does not compile (${path.basename(file)})`;
}

function firstFrame(error: unknown, file: string): string {
  if (!(error instanceof Error) || !error.stack) return '';
  const frame = error.stack.split('\n').find((l) => l.includes(file));
  return frame ? ` (${frame.trim()})` : '';
}

/**
 * Loads a TypeScript or JavaScript module by path and returns its default export (or the module itself when it
 * has none). `kind` words the errors ("model file", "spec file"); codes distinguish a missing file, a file that
 * does not compile and a file that throws while loading.
 */
export function loadModule(file: string, kind: string, codes: { missing: ErrorCode; compile: ErrorCode; threw: ErrorCode }): unknown {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) {
    throw new InterleaveError({
      code: codes.missing,
      message: `The ${kind} ${file} does not exist (looked for ${abs}).`,
      hint: 'Give the path of a .ts file relative to the current folder.',
      file,
    });
  }
  register();
  let mod: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(abs);
    unfreezeNotedImmers();
  } catch (error) {
    if (error instanceof Error && error.name === 'TSError') {
      throw new InterleaveError({ code: codes.compile, message: `The ${kind} ${file} does not compile: ${compileMessage(error, abs)}`, file });
    }
    if (error instanceof SyntaxError) {
      throw new InterleaveError({ code: codes.compile, message: `The ${kind} ${file} does not compile: ${error.message}${firstFrame(error, abs)}`, file });
    }
    if (error instanceof Error && (error as { code?: string }).code === 'MODULE_NOT_FOUND') {
      const missing = /Cannot find module '([^']+)'/.exec(error.message)?.[1];
      throw new InterleaveError({
        code: codes.compile,
        message: `The ${kind} ${file} imports something that cannot be found: ${error.message.split('\n')[0]}`,
        ...(missing !== undefined ? { hint: missingModuleHint(missing, abs) } : {}),
        file,
      });
    }
    const msg = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new InterleaveError({ code: codes.threw, message: `The ${kind} ${file} threw while loading: ${msg}${firstFrame(error, abs)}`, file });
  }
  const exports = mod as { default?: unknown } | undefined;
  return exports && typeof exports === 'object' && 'default' in exports ? exports.default : exports;
}
