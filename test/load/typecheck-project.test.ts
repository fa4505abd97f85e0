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
