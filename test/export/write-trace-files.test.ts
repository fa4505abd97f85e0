import { afterEach, describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import { parse } from 'graphology-graphml';
import { writeTraceFiles } from '../../src/export/write-trace-files';
import { readItf } from '../../src/export/itf';
import { race, raceViolation } from '../graph/fixtures/traces';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-trace-'));
  dirs.push(d);
  return d;
}

describe('writeTraceFiles', () => {
  it('writes the six files of a counterexample, and nothing else', async () => {
    const dir = path.join(tempDir(), 'invariant-NoLostUpdate');
    const v = raceViolation(3);
    const files = await writeTraceFiles(dir, { model: race, params: { tasks: 3 }, violation: v });
    expect(files.map((f) => path.relative(dir, f))).toEqual(['trace.json', 'trace.dot', 'trace.graphml', 'trace.mmd', 'trace.svg', 'index.html']);
    expect(fs.readdirSync(dir).sort()).toEqual(['index.html', 'trace.dot', 'trace.graphml', 'trace.json', 'trace.mmd', 'trace.svg']);
    const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');
    expect(readItf(read('trace.json')).trace).toEqual(v.trace);
    expect(read('trace.dot').startsWith('digraph "counter-race"')).toBe(true);
    expect(parse(MultiDirectedGraph, read('trace.graphml')).order).toBe(7);
    expect(read('trace.mmd').startsWith('sequenceDiagram\n')).toBe(true);
    expect(read('trace.svg')).toContain('<svg');
    expect(read('index.html').startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('replaces the files of an earlier run', async () => {
    const dir = tempDir();
    await writeTraceFiles(dir, { model: race, params: { tasks: 3 }, violation: raceViolation(3) });
    await writeTraceFiles(dir, { model: race, violation: raceViolation(2) });
    expect(readItf(fs.readFileSync(path.join(dir, 'trace.json'), 'utf8')).trace).toHaveLength(5);
    expect(fs.readdirSync(dir)).toHaveLength(6);
  });
});
