import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { typecheck } from '../../src/load/typecheck';

// Fresh contents per run: a clean result is cached by file contents.
const MODEL = `// ${process.pid} ${Date.now()}
import { defineModel } from 'interleave-check';
const unused = 1;
export default defineModel<{ n: number }, { type: 'inc' }, Record<string, never>>({
  name: 'm',
  params: {},
  init: () => [{ n: 0 }],
  actions: () => [{ type: 'inc' }],
  next: (s) => (s.n < 2 ? { n: s.n + 1 } : undefined),
  invariants: {},
});
`;

describe('the type check uses the project tsconfig.json', () => {
  it("applies the project's options (noUnusedLocals) where there is a tsconfig.json, strict defaults where there is none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-tsconfig-'));
    fs.writeFileSync(path.join(dir, 'model.ts'), MODEL);
    expect(() => typecheck(path.join(dir, 'model.ts'), 'model file', 'IL202')).not.toThrow();

    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-tsconfig-'));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noUnusedLocals: true, module: 'commonjs', types: [] } }));
    fs.mkdirSync(path.join(project, 'models'));
    fs.writeFileSync(path.join(project, 'models', 'model.ts'), MODEL);
    expect(() => typecheck(path.join(project, 'models', 'model.ts'), 'model file', 'IL202')).toThrow(/does not compile: .*'unused' is declared but its value is never read/);
  });

  it('an unusable tsconfig.json is named (IL202)', () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-tsconfig-'));
    fs.writeFileSync(path.join(project, 'tsconfig.json'), '{ "extends": "./missing-base.json" }');
    fs.writeFileSync(path.join(project, 'model.ts'), MODEL);
    expect(() => typecheck(path.join(project, 'model.ts'), 'model file', 'IL202')).toThrow(/its project's .*tsconfig\.json is unusable: .*missing-base\.json/);
  });
});

describe("in interleave's own checkout, the type check runs against the build that runs the model", () => {
  it("the repository's tsconfig maps interleave to src/, but the CLI (dist/) checks a model against dist's declarations", async () => {
    const { spawnSync } = await import('node:child_process');
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-own-types-'));
    const r = spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'bin', 'interleave.js'), 'check', 'models/examples/lost-update.ts'], {
      cwd: path.join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Verdict: VIOLATION (NoLostUpdate)');
    const cacheDir = path.join(tmp, 'interleave-typecheck');
    const entries = fs.readdirSync(cacheDir).map((f) => Object.keys((JSON.parse(fs.readFileSync(path.join(cacheDir, f), 'utf8')) as { files: Record<string, string> }).files));
    expect(entries).toHaveLength(1);
    const files = entries[0] as string[];
    expect(files.some((f) => f.endsWith(path.join('dist', 'src', 'index.d.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(path.join('src', 'state', 'fingerprint.ts')))).toBe(false);
  });
});
