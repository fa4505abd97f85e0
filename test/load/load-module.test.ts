import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
});
