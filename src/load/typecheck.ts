import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type * as TS from 'typescript';
import { InterleaveError, type ErrorCode } from '../errors/interleave-error';
import { VERSION } from '../version';

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

function cacheFile(entry: string): string {
  return path.join(CACHE_DIR, `${crypto.createHash('sha1').update(`${VERSION}\0${entry}`).digest('hex')}.json`);
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

/**
 * Type-checks a model or spec file (strict) against interleave's own declarations, so that a type error is
 * reported before a run rather than surfacing as a wrong answer. A clean result is cached per file contents
 * (in the OS temp folder), so only the first run after an edit pays the second or so this takes.
 */
export function typecheck(file: string, kind: string, code: ErrorCode): void {
  const abs = path.resolve(file);
  if (cachedClean(abs)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TS;
  // Built: dist/src/index.d.ts beside this file's folder; run from source: src/index.ts.
  const ownTypes = ['index.d.ts', 'index.ts'].map((f) => path.resolve(__dirname, '..', f)).find((f) => fs.existsSync(f));
  const program = ts.createProgram([abs], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: [],
    baseUrl: path.dirname(abs),
    paths: ownTypes ? { interleave: [ownTypes] } : {},
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length > 0) {
    const shown = diagnostics.slice(0, 3).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\.$/, '');
      if (!d.file || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${path.relative(process.cwd(), d.file.fileName)}(${line + 1},${character + 1}): ${text}`;
    });
    const more = diagnostics.length > 3 ? ` (and ${diagnostics.length - 3} more)` : '';
    throw new InterleaveError({
      code,
      message: `The ${kind} ${file} does not compile: ${shown.join('; ')}${more}.`,
      hint: 'Fix them, or pass --no-typecheck to run the file as it is.',
      file,
    });
  }
  const files: Record<string, string> = {};
  for (const sf of program.getSourceFiles()) {
    if (sf.fileName.includes('/node_modules/') || sf.isDeclarationFile) continue;
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
