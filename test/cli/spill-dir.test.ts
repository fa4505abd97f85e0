import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-spill-'));
const mounted: string[] = [];

/** A tiny tmpfs (needs root, as in CI containers here); undefined where mounting is not allowed. */
function tmpfs(name: string, options: string): string | undefined {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounted.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of mounted) execFileSync('umount', [dir]);
  fs.rmSync(base, { recursive: true, force: true });
});

// Two-phase commit with 5 resource managers spills about 0.1 MB of frontier beyond a 10 KB budget.
const run = (spillDir: string, ...more: string[]) =>
  runCli(['check', 'models/conformance/two-phase.ts', '--param', 'rm=5', '--memory', '0.01', '--spill-dir', spillDir, '--no-typecheck', ...more]);

function oneParagraph(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('--spill-dir is checked before the search (IL105, exit 2)', () => {
  it('a folder that does not exist is created', () => {
    const dir = path.join(base, 'new', 'nested');
    const r = run(dir, '--workers', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/States: 8,832 distinct, 58,146 generated, depth 17;/);
    expect(r.stdout).toMatch(/Frontier spilled to disk/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a file in place of the folder', () => {
    const file = path.join(base, 'a-file');
    fs.writeFileSync(file, '');
    const r = run(file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`IL105: The spill folder ${file} .*cannot be used: it is a file, not a folder\\. Hint: Pass --spill-dir a folder you can write to`));
    oneParagraph(r.stderr);
  });

  it('a folder that cannot be created', () => {
    const r = run(path.join(base, 'a-file', 'sub'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL105: The spill folder .*a-file\/sub .*it could not be created \((ENOTDIR|EEXIST)/);
    oneParagraph(r.stderr);
  });

  const readOnly = tmpfs('read-only', 'ro,size=64k');
  it.skipIf(readOnly === undefined)('a read-only folder (a read-only tmpfs)', () => {
    const r = run(readOnly as string);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL105: The spill folder .*read-only .*a file could not be written in it \(EROFS, the file system is read-only\)/);
    oneParagraph(r.stderr);
  });
});

describe('a spill folder that fills up during the run is IL601, exit 5', () => {
  const full = tmpfs('full', 'size=64k');
  for (const workers of ['1', '2']) {
    it.skipIf(full === undefined)(`a 64 KB tmpfs, --workers ${workers}`, () => {
      const r = run(full as string, '--workers', workers);
      expect(r.code).toBe(5);
      expect(r.stderr).toMatch(/IL601: Writing the frontier spilled to .*\/full\/interleave-frontier-\w+\/level-\d+\.bin failed \(ENOSPC, no space left on the device\) after 0\.\d MB were spilled; the search cannot go on\. Hint: Free space there, point --spill-dir at a folder with more room, or raise --memory/);
      oneParagraph(r.stderr);
      // The frontier's files are removed.
      expect(fs.readdirSync(full as string)).toEqual([]);
    });
  }
});
