import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

describe('interleave graph', () => {
  it('writes the whole state space as DOT with as many states as the checker finds', () => {
    const r = runCli(['graph', 'models/examples/lost-update.ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph "lost-update" \{/);
    expect(r.stdout).toContain('lost-update: 13 states, 14 transitions');
  });

  it('refuses a state space over --max-states with exit 2', () => {
    const r = runCli(['graph', 'models/examples/lost-update.ts', '--max-states', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL101/);
  });

  it('renders SVG through the WebAssembly Graphviz', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-graph-')), 'g.svg');
    const r = runCli(['graph', 'models/examples/lost-update.ts', '--format', 'svg', '--out', out]);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/<svg[\s\S]*<\/svg>/);
  });
});

describe('interleave show', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-show-'));
  const trace = path.join(dir, 'invariant-NoLostUpdate', 'trace.json');

  it('prints a saved trace in lanes, re-validated against the model', () => {
    expect(runCli(['check', 'models/examples/lost-update.ts', '--out', dir]).code).toBe(1);
    const r = runCli(['show', trace, '--model', 'models/examples/lost-update.ts']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/step +task1 +task2/);
    expect(r.stdout).toMatch(/every step is a step of the model/);
  });

  it('rejects a trace whose step the model cannot take (exit 2, IL403)', () => {
    const itf = JSON.parse(fs.readFileSync(trace, 'utf8'));
    itf.states[2].counter = { '#bigint': '7' };
    const tampered = path.join(dir, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(itf));
    const r = runCli(['show', tampered, '--model', 'models/examples/lost-update.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL403: Step 2 .* is not a step of the model/);
  });
});
