import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledSources, loadModule, usePrecompiled } from '../../src/load/load-module';

const codes = { missing: 'IL201', compile: 'IL202', threw: 'IL206' } as const;

describe('loadModule', () => {
  it('keeps the JavaScript each TypeScript file compiled to, and loads a file from given JavaScript without compiling it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-load-'));
    const compiledFile = path.join(dir, 'compiled.ts');
    fs.writeFileSync(compiledFile, 'const answer: number = 42;\nexport default { answer };\n');
    expect(loadModule(compiledFile, 'model file', codes)).toEqual({ answer: 42 });
    const js = new Map(compiledSources()).get(compiledFile);
    expect(js).toContain('answer = 42');
    expect(js).not.toContain(': number');

    // A file whose TypeScript would not even compile: the given JavaScript is what runs.
    const givenFile = path.join(dir, 'given.ts');
    fs.writeFileSync(givenFile, 'this is not TypeScript');
    usePrecompiled([[givenFile, 'exports.default = { from: "precompiled" };']]);
    expect(loadModule(givenFile, 'model file', codes)).toEqual({ from: 'precompiled' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads an unchanged file from the compile cache without the compiler, its errors still at TypeScript lines', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-load-'));
    const file = path.join(dir, 'throws.ts');
    // A fresh file: the first load compiles it.
    fs.writeFileSync(file, `// ${process.pid} ${Date.now()}\ntype N = number;\n\nexport function f(n: N): N {\n  throw new RangeError('at line five ' + n);\n}\n`);
    const script = `
      const { loadModule } = require(${JSON.stringify(path.resolve('dist/src/load/load-module.js'))});
      const m = loadModule(${JSON.stringify(file)}, 'model file', { missing: 'IL201', compile: 'IL202', threw: 'IL206' });
      let frame = '';
      try { m.f(1); } catch (e) { frame = e.stack.split('\\n')[1]; }
      const compilerLoaded = Object.keys(require.cache).some((k) => k.includes('/node_modules/typescript/'));
      console.log(JSON.stringify({ compilerLoaded, frame }));`;
    const run = () => JSON.parse(spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout) as { compilerLoaded: boolean; frame: string };
    const first = run();
    const second = run();
    expect(first.compilerLoaded).toBe(true);
    expect(second.compilerLoaded).toBe(false);
    expect(first.frame).toContain('throws.ts:5:');
    expect(second.frame).toContain('throws.ts:5:');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
