import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import graphmlParse from 'graphology-graphml';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { runCli } from '../cli/run-cli';

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-suite-'));
}

/**
 * Parses JUnit XML back with an XML parser into the shape CI dashboards read (Jenkins/Surefire schema:
 * testsuites > testsuite[name, tests, failures] > testcase[classname, name, time] > failure[message]).
 */
function parseJunit(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
  const root = doc.testsuites as { tests: string; failures: string; testsuite: Record<string, unknown>[] };
  const suites = root.testsuite.map((s) => ({
    name: s.name as string,
    tests: Number(s.tests),
    failures: Number(s.failures),
    cases: (s.testcase as Record<string, unknown>[]).map((c) => {
      expect(Number.isFinite(Number(c.time))).toBe(true);
      const failure = c.failure as { message?: string } | undefined;
      return { classname: c.classname as string, name: c.name as string, failure: failure?.message };
    }),
  }));
  for (const s of suites) {
    expect(s.cases).toHaveLength(s.tests);
    expect(s.cases.filter((c) => c.failure !== undefined)).toHaveLength(s.failures);
  }
  expect(Number(root.tests)).toBe(suites.reduce((n, s) => n + s.tests, 0));
  return suites;
}

describe('interleave suite', () => {
  it('passes when every verdict is the expected one, and writes the reports', () => {
    const out = tmp();
    const r = runCli(['suite', 'test/fixtures/specs', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok {2}counter\/lost-update +atomic=false +violates NoLostUpdate +13 +5/);
    expect(r.stdout).toMatch(/3 passed, 0 failed/);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.passed).toBe(true);
    expect(summary.entries.map((e: { entry: string; distinctStates: number }) => [e.entry, e.distinctStates])).toEqual([
      ['lost-update', 13],
      ['atomic', 4],
      ['atomic-3', 8],
    ]);
    const junit = parseJunit(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'));
    expect(junit).toHaveLength(1);
    expect(junit[0]!.tests).toBe(9);
    expect(junit[0]!.failures).toBe(0);
    expect(junit[0]!.cases[0]).toEqual({ classname: 'counter.lost-update', name: 'NoLostUpdate', failure: undefined });
    expect(fs.readFileSync(path.join(out, 'summary.md'), 'utf8')).toMatch(/\| ✅ \| counter\/lost-update \| atomic=false \| violates NoLostUpdate \| violates NoLostUpdate \| 13 \| 5 \| NoLostUpdate: 5 \|/);
    const traceDir = path.join(out, 'counter', 'lost-update', 'invariant-NoLostUpdate');
    expect(fs.readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="counter/lost-update/invariant-NoLostUpdate/index.html"');
    const graph = graphmlParse.parse(require('graphology').DirectedGraph, fs.readFileSync(path.join(traceDir, 'trace.graphml'), 'utf8'));
    expect(graph.order).toBe(5);
  });

  it('fails (exit 1) when a fixed variant violates, a buggy one holds, a pinned trace changes or a bound is hit', () => {
    const out = tmp();
    const r = runCli(['suite', 'test/fixtures/specs-failing', '--out', out, '--jobs', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL wrong\/fixed-expected-to-violate \(expected: violates NoLostUpdate\): NoLostUpdate: expected a violation, but it holds/);
    expect(r.stdout).toMatch(/FAIL wrong\/buggy-expected-to-hold \(expected: holds\): NoLostUpdate: expected to hold, but it is violated/);
    expect(r.stdout).toMatch(/FAIL wrong\/trace-changed \(expected: violates NoLostUpdate\): NoLostUpdate: the counterexample has 5 states, the entry pins 4/);
    expect(r.stdout).toMatch(/FAIL wrong\/bound-hit \(expected: holds\): the run stopped at its bound \(max-states\)/);
    expect(r.stdout).toMatch(/0 passed, 4 failed/);
    const junit = parseJunit(fs.readFileSync(path.join(out, 'junit.xml'), 'utf8'));
    expect(junit[0]!.failures).toBeGreaterThanOrEqual(4);
    expect(junit[0]!.cases.find((c) => c.classname === 'wrong.buggy-expected-to-hold' && c.name === 'NoLostUpdate')?.failure).toBe('expected to hold, but it is violated');
  });

  it('an unknown invariant name in a spec is an error row naming the entry (exit 2)', () => {
    const r = runCli(['suite', 'test/fixtures/specs-unusable/unknown-invariant.spec.ts', '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL402: unknown\/typo: Spec file .*unknown-invariant\.spec\.ts, entry "typo": the model lost-update has no invariant or property "NoLostUpdates"/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/ERROR {2}unknown\/typo +error/);
  });

  it('a missing model file is an error row naming the entry (exit 2)', () => {
    const r = runCli(['suite', 'test/fixtures/specs-unusable/bad-field.spec.ts', '--out', tmp()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/IL402: bad-field\/no-such-model: Spec file .*bad-field\.spec\.ts, entry 1 \("no-such-model"\): its model file \.\.\/no-such-model\.ts does not exist/);
  });

  it('--baseline reports an entry whose distinct-state count changed', () => {
    const out = tmp();
    expect(runCli(['suite', 'test/fixtures/specs', '--out', out]).code).toBe(0);
    const baseline = path.join(out, 'baseline.json');
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    summary.entries[1].distinctStates = 5; // pretend an earlier run of counter/atomic found 5 states
    fs.writeFileSync(baseline, JSON.stringify(summary));
    const r = runCli(['suite', 'test/fixtures/specs', '--out', out, '--baseline', baseline]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DRIFT counter\/atomic: 5 -> 4 distinct states \(-20\.0%, more than 10%\)/);
    expect(runCli(['suite', 'test/fixtures/specs', '--out', out, '--baseline', baseline, '--drift', '0.25']).code).toBe(0);
  });

  it('--filter selects entries, --json prints the summary', () => {
    const r = runCli(['suite', 'test/fixtures/specs', '--out', tmp(), '--filter', 'atomic', '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.entries.map((e: { entry: string }) => e.entry)).toEqual(['atomic', 'atomic-3']);
  });
});
