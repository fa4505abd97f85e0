import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

const bad = (name: string): string => `test/fixtures/bad/${name}.ts`;

/** A one-paragraph error: a single line on stderr, no stack trace. */
function expectParagraph(stderr: string): void {
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('interleave check', () => {
  it('prints the verdict, counts, the trace with changed fields and how to reproduce; exits 1 on a violation', () => {
    const r = runCli(['check', 'models/examples/lost-update.ts']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Verdict: VIOLATION \(NoLostUpdate\)/);
    expect(r.stdout).toMatch(/States: 12 distinct, 13 generated, depth 5/);
    expect(r.stdout).toMatch(/4 {2}Write\(task=1\) \[task2\]\n\s+tasks\[1\]\.pc: "write" -> "done"/);
    expect(r.stdout).toMatch(/Reproduce: npx interleave check models\/examples\/lost-update.ts --param tasks=2 --param atomic=false/);
  });

  it('exits 0 when every property holds, with --param parsed by the type of its default', () => {
    const r = runCli(['check', 'models/examples/lost-update.ts', '--param', 'atomic=true', '--param', 'tasks=3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Verdict: OK/);
    expect(r.stdout).toMatch(/States: 8 distinct, 13 generated, depth 4/);
  });

  it('--json prints one object with the documented fields', () => {
    const r = runCli(['check', 'models/examples/lost-update.ts', '--json', '--continue']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ model: 'lost-update', params: { tasks: 2, atomic: false }, verdict: 'violation', distinctStates: 13, generatedStates: 15, depth: 5 });
    expect(typeof json.durationMs).toBe('number');
    expect(json.coverage).toEqual({ Read: { enabled: 6, distinct: 5 }, Write: { enabled: 8, distinct: 7 } });
    const v = (json.violations as { kind: string; name: string; trace: { action: unknown; state: unknown }[] }[])[0]!;
    expect(v.kind).toBe('invariant');
    expect(v.trace[0]).toEqual({ action: null, state: { counter: 0, tasks: [{ pc: 'read', local: 0 }, { pc: 'read', local: 0 }] } });
    expect(v.trace[1]!.action).toEqual({ type: 'Read', actor: 'task1', task: 0 });
  });

  it('exits 4 when a bound stops the run', () => {
    const r = runCli(['check', 'models/examples/lost-update.ts', '--param', 'tasks=3', '--param', 'atomic=true', '--max-states', '3']);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/INCOMPLETE \(stopped at max-states/);
  });

  it('--out writes result.json and the violation files', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-out-'));
    const r = runCli(['check', 'models/examples/lost-update.ts', '--out', dir]);
    expect(r.code).toBe(1);
    const result = JSON.parse(fs.readFileSync(path.join(dir, 'result.json'), 'utf8')) as { verdict: string; reproduce: string };
    expect(result.verdict).toBe('violation');
    expect(result.reproduce).toMatch(/^npx interleave check /);
    expect(fs.readdirSync(path.join(dir, 'invariant-NoLostUpdate')).sort()).toEqual(['explore.txt', 'index.html', 'trace.dot', 'trace.graphml', 'trace.json', 'trace.mmd', 'trace.svg']);
    expect(fs.readFileSync(path.join(dir, 'invariant-NoLostUpdate', 'explore.txt'), 'utf8')).toBe(
      'npx interleave explore models/examples/lost-update.ts --param tasks=2 --param atomic=false --path 0.0.1.0.0\n',
    );
    expect(r.stdout).toContain(`Reports written to ${dir}\nViewer: ${path.join(dir, 'invariant-NoLostUpdate', 'index.html')}\n`);
  });
});

describe('interleave check on bad input: one paragraph on stderr and the documented exit code', () => {
  // The model errors found while exploring (IL205, IL3xx) run with --no-typecheck: the type check is the tests of
  // IL202's, and a cold one costs six CPU seconds per file (it checks src/, which the repository's tsconfig maps).
  const cases: [string, string[], number, RegExp][] = [
    ['a missing model file', ['check', 'models/nope.ts'], 2, /IL201: The model file models\/nope\.ts does not exist/],
    ['a file with a TypeScript syntax error', ['check', bad('syntax-error')], 2, /IL202: The model file .*syntax-error\.ts does not compile: .*syntax-error\.ts\(6,/],
    ['a syntax error with --no-typecheck (found by the compiler that loads it)', ['check', bad('syntax-error'), '--no-typecheck'], 2, /IL202: The model file .*syntax-error\.ts does not compile: .*',' expected/],
    ['a file with a type error', ['check', bad('type-error')], 2, /IL202: The model file .*type-error\.ts does not compile: .*type-error\.ts\(8,52\): Property 'm' does not exist/],
    ['a default export that is not a model', ['check', bad('not-a-model')], 2, /IL203: The default export in .*not-a-model\.ts is not a model/],
    ['a file that throws while loading', ['check', bad('throws-on-load')], 2, /IL206: .*threw while loading: Error: configuration file missing/],
    ['init returning nothing', ['check', bad('empty-init'), '--no-typecheck'], 2, /IL205: Model empty-init: init\(\) must return a non-empty array/],
    ['an unknown --param', ['check', 'models/examples/lost-update.ts', '--param', 'taks=3'], 2, /IL102: Unknown parameter "taks" .* Hint: Its parameters are: tasks, atomic\./],
    ['a --param of the wrong type', ['check', 'models/examples/lost-update.ts', '--param', 'tasks=two'], 2, /IL103: Parameter "tasks" .* must be a number/],
    ['an unknown --invariant', ['check', 'models/examples/lost-update.ts', '--invariant', 'Nope'], 2, /IL104: Unknown invariant or property "Nope" .* Its invariants and properties are: NoLostUpdate\./],
    ['a malformed --param', ['check', 'models/examples/lost-update.ts', '--param', 'tasks'], 2, /IL101: --param expects key=value/],
  ];
  for (const [what, args, code, message] of cases) {
    it(what, () => {
      const r = runCli(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expectParagraph(r.stderr);
    });
  }

  it('an unknown option is a usage error (exit 2)', () => {
    const r = runCli(['check', 'models/examples/lost-update.ts', '--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--frobnicate'/);
  });

  it('a model that throws while explored: exit 3, the error and the trace to where it threw', () => {
    const r = runCli(['check', bad('throwing-next'), '--no-typecheck']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/IL301: Model throwing-next: next\(\) threw RangeError: counter overflow \(at .*throwing-next\.ts:10/);
    expect(r.stdout).toMatch(/Trace to the state where it happened \(3 states\)/);
  });

  it('a state value that is not allowed: exit 3, naming the path and the action', () => {
    const r = runCli(['check', bad('invalid-value'), '--no-typecheck']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/IL302: Model invalid-value: next\(\) for action \{"type":"Step"\} produced a state .* at \$\.slots\[0\]\.owner there is undefined/);
  });

  it('a state nested 20,000 levels deep: exit 3, IL302 naming the path and the limit, no stack overflow', () => {
    const r = runCli(['check', bad('deep-state'), '--param', 'depth=20000', '--no-typecheck']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/IL302: Model deep-state: next\(\) for action \{"type":"Grow"\} produced a state .* at \$\.v\.next\.next.* there is a value nested more than 256 levels deep/);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
  });

  it('a Set holding a record twice: exit 3, the path, the action and the helper to use; none with addTo', () => {
    const r = runCli(['check', bad('set-of-records'), '--no-typecheck']);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/IL302: Model set-of-records: next\(\) for action \{"type":"Send"\} produced a state .* at \$\.msgs there is a Set holding two elements equal as values \(elements 0 and 1: \{"kind":"ping","from":1\}\)/);
    expect(r.stdout).toMatch(/setOf\(\.\.\.\) and addTo\(set, x\)/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
    const fixed = runCli(['check', bad('set-of-records'), '--param', 'byValue=true']);
    expect([fixed.code, fixed.stdout.match(/States: .*depth \d+/)?.[0]]).toEqual([0, 'States: 3 distinct, 4 generated, depth 3']);
  });
});
