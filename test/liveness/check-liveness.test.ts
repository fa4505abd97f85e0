import { describe, expect, test } from 'vitest';
import { checkLiveness, type LivenessOutcome } from '../../src/liveness/check-liveness';
import { always, alwaysEventually, eventually, eventuallyAlways, leadsTo, strong, weak } from '../../src/liveness/constructors';
import { defineModel } from '../../src/model/define-model';
import type { AnyModel } from '../../src/model/types';
import { InterleaveError } from '../../src/errors/interleave-error';
import { graphModel, type GraphSpec } from './graph-model';

const unbounded = { maxStates: Infinity, timeLimitMs: Infinity };

function run(spec: GraphSpec, opts: { maxStates: number; timeLimitMs: number } = unbounded): LivenessOutcome {
  return checkLiveness(graphModel(spec) as unknown as AnyModel, {}, opts);
}

/** Per property: 'holds', or the lasso as `states (actions) | loopStart`. */
function summary(out: LivenessOutcome): Record<string, string> {
  const result: Record<string, string> = {};
  for (const p of out.properties) {
    if (p.violation === undefined) {
      result[p.name] = p.status;
      continue;
    }
    const steps = p.violation.trace.map((s) => (s.action === null ? String(s.state) : `${s.action.type}>${String(s.state)}`));
    result[p.name] = `${steps.join(' ')} | ${String(p.violation.loopStart)}`;
  }
  return result;
}

const is = (n: number) => (s: number) => s === n;

describe('fair and unfair cycles', () => {
  // 0 <-> 1 by `a`; from 0 only, `b` leads to the goal 2. `b` is enabled on the cycle only at 0.
  const edges = [[0, 1, 'a'], [1, 0, 'a'], [0, 2, 'b']] as const;
  const properties = { ReachGoal: eventually(is(2)) };

  test('without fairness the behaviour stops at once', () => {
    expect(summary(run({ init: [0], edges, properties }))).toEqual({ ReachGoal: '0 | 0' });
  });

  test('weak fairness of b is not enough: b is not continuously enabled on the cycle', () => {
    const out = run({ init: [0], edges, properties, fairness: [weak('a'), weak('b')] });
    expect(summary(out)).toEqual({ ReachGoal: '0 a>1 a>0 | 0' });
    expect(out.violations[0]?.kind).toBe('liveness');
  });

  test('strong fairness of b forces it: the cycle is unfair', () => {
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('a'), strong('b')] }))).toEqual({ ReachGoal: 'holds' });
  });

  test('strong fairness of b alone still lets the behaviour stop at 1, where b is disabled', () => {
    expect(summary(run({ init: [0], edges, properties, fairness: [strong('b')] }))).toEqual({ ReachGoal: '0 a>1 | 1' });
  });

  test('a fair cycle satisfies always-eventually and violates eventually-always', () => {
    const out = run({
      init: [0],
      edges: [[0, 1, 'a'], [1, 0, 'a']],
      fairness: [weak('a')],
      properties: { InfOftenOne: alwaysEventually(is(1)), StaysZero: eventuallyAlways(is(0)), SomeOne: eventually(is(1)) },
    });
    expect(summary(out)).toEqual({ InfOftenOne: 'holds', StaysZero: '0 a>1 a>0 | 0', SomeOne: 'holds' });
  });
});

describe('self-loops and stuttering', () => {
  test('a self-loop is stuttering: weak fairness of it does not force anything', () => {
    const edges = [[0, 0, 'spin'], [0, 1, 'go']] as const;
    const properties = { Goes: eventually(is(1)) };
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('spin')] }))).toEqual({ Goes: '0 | 0' });
    expect(summary(run({ init: [0], edges, properties, fairness: [strong('spin')] }))).toEqual({ Goes: '0 | 0' });
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('go')] }))).toEqual({ Goes: 'holds' });
  });

  test('a behaviour may stop after any prefix: leads-to fails at the first p state without q', () => {
    const edges = [[0, 1, 'step'], [1, 2, 'step'], [2, 3, 'step']] as const;
    const properties = { OneLeadsToThree: leadsTo(is(1), is(3)), EventuallyThree: eventually(is(3)) };
    expect(summary(run({ init: [0], edges, properties }))).toEqual({ OneLeadsToThree: '0 step>1 | 1', EventuallyThree: '0 | 0' });
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('step')] }))).toEqual({
      OneLeadsToThree: 'holds',
      EventuallyThree: 'holds',
    });
  });

  test('a state without successors stutters forever, fairly', () => {
    const out = run({
      init: [0],
      edges: [[0, 1, 'a']],
      fairness: [weak('a')],
      properties: { InfOftenZero: alwaysEventually(is(0)), EventuallyOne: eventually(is(1)), StaysOne: eventuallyAlways(is(1)) },
    });
    expect(summary(out)).toEqual({ InfOftenZero: '0 a>1 | 1', EventuallyOne: 'holds', StaysOne: 'holds' });
  });

  test('leads-to is satisfied in the same state', () => {
    const out = run({ init: [0], edges: [[0, 1, 'a']], properties: { Same: leadsTo(is(0), (s) => s === 0) } });
    expect(summary(out)).toEqual({ Same: 'holds' });
  });
});

describe('weak versus strong fairness', () => {
  // A worker (w) toggles 0 <-> 1; a grant (g) is possible only in state 1, and leads to 2.
  const edges = [[0, 1, 'w'], [1, 0, 'w'], [1, 2, 'g']] as const;
  const properties = { Granted: eventually(is(2)), GrantedAfterOne: leadsTo(is(1), is(2)) };

  test('weak: the grant is enabled infinitely often but not continuously', () => {
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('w'), weak('g')] }))).toEqual({
      Granted: '0 w>1 w>0 | 0',
      GrantedAfterOne: '0 w>1 w>0 | 0',
    });
  });

  test('strong: the grant must happen', () => {
    expect(summary(run({ init: [0], edges, properties, fairness: [weak('w'), strong('g')] }))).toEqual({
      Granted: 'holds',
      GrantedAfterOne: 'holds',
    });
  });

  test('one fair action made of several action types', () => {
    // WF(w | g): in state 1 the disjunction stays enabled; taking w alone satisfies it, so the cycle is fair.
    expect(summary(run({ init: [0], edges, properties, fairness: [weak(['w', 'g'])] }))).toEqual({
      Granted: '0 w>1 w>0 | 0',
      GrantedAfterOne: '0 w>1 w>0 | 0',
    });
  });

  test('a filter function selects actions by their data', () => {
    const out = run({
      init: [0],
      edges,
      properties,
      fairness: [weak((a) => a.type === 'w'), strong((a) => a.to === 2)],
    });
    expect(summary(out)).toEqual({ Granted: 'holds', GrantedAfterOne: 'holds' });
  });
});

describe('always and several initial states', () => {
  test('always(p) is violated by a path to a state without p, continued fairly', () => {
    const out = run({
      init: [0],
      edges: [[0, 1, 'a'], [1, 2, 'a'], [2, 1, 'a']],
      fairness: [weak('a')],
      properties: { NeverTwo: always((s) => s !== 2), NeverFive: always((s) => s !== 5) },
    });
    expect(summary(out)).toEqual({ NeverTwo: '0 a>1 a>2 a>1 | 1', NeverFive: 'holds' });
  });

  test('the prefix is the shortest over all initial states', () => {
    const out = run({
      init: [0, 5],
      edges: [[0, 1, 'a'], [1, 2, 'a'], [5, 2, 'a'], [2, 3, 'a'], [3, 2, 'a']],
      fairness: [weak('a')],
      properties: { StaysTwo: eventuallyAlways(is(2)) },
    });
    expect(summary(out)).toEqual({ StaysTwo: '5 a>2 a>3 a>2 | 1' });
  });
});

describe('bounds, names and errors', () => {
  const counter = defineModel({
    name: 'counter',
    params: {},
    init: () => [0],
    actions: () => [{ type: 'inc' }],
    next: (s: number) => s + 1,
    invariants: {},
    properties: { Negative: eventually((s: number) => s < 0), Grows: eventually((s: number) => s > 1000) },
    fairness: () => [weak('inc')],
  }) as unknown as AnyModel;

  test('an unbounded model stops at max-states; a violation inside the explored part is still reported', () => {
    const out = checkLiveness(counter, {}, { maxStates: 50, timeLimitMs: Infinity });
    expect(out.incomplete).toBe('max-states');
    expect(out.stats.states).toBe(50);
    expect(out.properties.map((p) => p.status)).toEqual(['unknown', 'unknown']);
    const stuck = defineModel({ ...counter, name: 'stuck', fairness: () => [] }) as unknown as AnyModel;
    const out2 = checkLiveness(stuck, {}, { maxStates: 50, timeLimitMs: Infinity });
    expect(out2.properties.map((p) => p.status)).toEqual(['violated', 'violated']);
    expect(out2.violations[0]?.trace.length).toBe(1);
  });

  test('names select properties; an unknown name is IL104', () => {
    const out = checkLiveness(counter, {}, { maxStates: 10, timeLimitMs: Infinity, names: ['Grows'] });
    expect(out.properties.map((p) => p.name)).toEqual(['Grows']);
    let code: string | undefined;
    try {
      checkLiveness(counter, {}, { maxStates: 10, timeLimitMs: Infinity, names: ['Nope'] });
    } catch (e) {
      code = e instanceof InterleaveError ? e.code : undefined;
    }
    expect(code).toBe('IL104');
  });

  test('a model that throws is IL301; one that is not deterministic is IL303', () => {
    const throwing = defineModel({ ...counter, name: 'throwing', next: (s: number) => { if (s > 2) throw new Error('boom'); return s + 1; } });
    expect(() => checkLiveness(throwing as unknown as AnyModel, {}, unbounded)).toThrow(expect.objectContaining({ code: 'IL301' }));
    let calls = 0;
    const flaky = defineModel({
      name: 'flaky',
      params: {},
      init: () => [0],
      actions: () => [{ type: 'go' }],
      next: (s: number) => (s === 0 ? (calls++ === 0 ? 1 : 2) : s),
      invariants: {},
      properties: { Never: eventually((s: number) => s === 9) },
      fairness: () => [weak('go')],
    });
    expect(() => checkLiveness(flaky as unknown as AnyModel, {}, unbounded)).toThrow(expect.objectContaining({ code: 'IL303' }));
  });

  test('stats count merged edges and their bytes', () => {
    // Two actions from 0 to 1 make one edge; the self-loop is not stored.
    const out = run({
      init: [0],
      edges: [[0, 1, 'a'], [0, 1, 'b'], [1, 1, 'c'], [1, 0, 'a']],
      fairness: [weak('b')],
      properties: { One: eventually(is(1)) },
    });
    expect(out.stats).toMatchObject({ states: 2, edges: 2, generatedStates: 5, depth: 2, bytesPerEdge: 12 });
    expect(summary(out)).toEqual({ One: 'holds' });
    expect(run({ init: [0], edges: [[0, 1, 'a']], properties: { One: eventually(is(1)) } }).stats.bytesPerEdge).toBe(8);
  });
});
