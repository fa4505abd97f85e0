import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../cli/run-cli';

function project(pkg: object | null = { name: 'p', version: '1.0.0', scripts: { test: 'vitest' } }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-init-'));
  if (pkg) fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return dir;
}

describe('interleave init', () => {
  it('writes the model, spec, test, vitest config and workflow, and adds the npm scripts', () => {
    const dir = project();
    const r = runCli(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Added npm scripts: interleave, interleave:baseline');
    expect(r.stdout).toContain('npm install --save-dev interleave-check immer vitest');
    const files = ['models/lock.ts', 'specs/lock.spec.ts', 'test/lock.test.ts', '.github/workflows/interleave.yml', 'vitest.config.mts'];
    for (const f of files) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toBe('vitest');
    expect(pkg.scripts.interleave).toBe('interleave suite --out reports/interleave --baseline interleave-baseline.json');
  });

  it('refuses to overwrite (IL106), naming every file and script, and writes nothing', () => {
    const dir = project({ name: 'p', scripts: { interleave: 'something else' } });
    fs.mkdirSync(path.join(dir, 'specs'));
    fs.writeFileSync(path.join(dir, 'specs', 'lock.spec.ts'), '// mine\n');
    const r = runCli(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL106: init would overwrite specs\/lock\.spec\.ts, package\.json script "interleave" in .*; nothing was written\./);
    expect(fs.existsSync(path.join(dir, 'models'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'specs', 'lock.spec.ts'), 'utf8')).toBe('// mine\n');
  });

  it('leaves a project vitest config alone and says what to add to it', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'vitest.config.ts'), 'export default {};\n');
    const r = runCli(['init', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Add 'specs/**' to test.exclude in vitest.config.ts");
    expect(fs.readFileSync(path.join(dir, 'vitest.config.ts'), 'utf8')).toBe('export default {};\n');
    expect(fs.existsSync(path.join(dir, 'vitest.config.mts'))).toBe(false);
  });

  it('needs an npm project (IL105)', () => {
    const r = runCli(['init', project(null)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL105: init needs an npm project, and .* has no package\.json\. Hint: Run `npm init -y`/);
  });

  it('a model kept outside any project: a package it imports (immer) is looked for there, and IL202 says where to install it', () => {
    const dir = project();
    expect(runCli(['init', dir]).code).toBe(0);
    for (const flags of [[], ['--no-typecheck']]) {
      const r = runCli(['check', path.join(dir, 'models', 'lock.ts'), ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/IL202: The model file .*lock\.ts .*Cannot find module 'immer'/);
      expect(r.stderr).toContain(`Hint: Install it in the project the file belongs to: \`npm install immer\` in ${path.join(dir, 'models')} or a folder above it`);
      expect(r.stderr).not.toContain('--no-typecheck');
    }
  });
});
