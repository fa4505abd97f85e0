import { describe, expect, it } from 'vitest';
import lostUpdate from '../../models/examples/lost-update';
import type { AnyModel } from '../../src/model/types';
import type { Expectation, LogEntry } from '../../src/validate/expectation';
import { resolveParams } from '../../src/model/resolve-params';
import { validationEngine } from '../../src/validate/validation-engine';
import { validateLog } from '../../src/validate/validate-log';
import { InterleaveError } from '../../src/errors/interleave-error';

const engine = (params = {}) => validationEngine(lostUpdate as AnyModel, resolveParams(lostUpdate as AnyModel, params));
const log = (...es: Expectation[]): LogEntry[] => es.map((e, i) => ({ line: i + 1, raw: e, expectations: [e] }));
const race: Expectation[] = [
  { action: { type: 'Read', task: 0 } },
  { action: { type: 'Read', task: 1 } },
  { action: { type: 'Write', task: 0 }, state: { counter: 1, 'tasks.0.pc': 'done' } },
  { action: { type: 'Write', task: 1 }, state: { counter: 1 } },
];

describe('validateLog', () => {
  it('accepts the lost-update race as a behaviour and keeps its trace with the log lines as labels', async () => {
    const r = await validateLog(engine(), log(...race), { file: 'race.ndjson', keepTrace: true });
    expect([r.verdict, r.records, r.matched, r.silentSteps, r.consistent, r.maxConsistent]).toEqual(['ok', 4, 4, 0, 1, 1]);
    expect(r.trace?.labels).toEqual(['initial', 'line 1: Read(task=0)', 'line 2: Read(task=1)', 'line 3: Write(task=0)', 'line 4: Write(task=1)']);
    expect(r.trace?.steps.at(-1)?.state).toEqual({ counter: 1, tasks: [{ pc: 'done', local: 0 }, { pc: 'done', local: 0 }] });
  });

  it('leaves fields not given free: two states stay consistent until a record tells them apart', async () => {
    const r = await validateLog(engine(), log({ action: { type: 'Read' } }), { file: 'x' });
    expect([r.verdict, r.consistent]).toEqual(['ok', 2]);
  });

  it('pins an observed value the model disagrees with to its line, with the differing path', async () => {
    const bad = [...race.slice(0, 3), { action: { type: 'Write', task: 1 }, state: { counter: 2 } }];
    const r = await validateLog(engine(), log(...bad), { file: 'x', keepTrace: true });
    expect(r.verdict).toBe('divergence');
    expect(r.divergence?.line).toBe(4);
    expect(r.matched).toBe(3);
    expect(r.divergence?.candidates).toHaveLength(1);
    expect(r.divergence?.candidates[0]?.missingFields).toEqual([]);
    expect(r.divergence?.candidates[0]?.stateDiffs).toEqual([{ action: 'Write(task=1)', differs: [{ path: 'counter', expected: 2, actual: 1 }] }]);
    expect(r.trace?.steps).toHaveLength(4);
  });

  it('pins an action no consistent state enables to its line, naming the fields no enabled action has', async () => {
    const r = await validateLog(engine(), log(race[0]!, { action: { type: 'Write', task: 1 } }), { file: 'x' });
    expect(r.divergence?.line).toBe(2);
    expect(r.divergence?.candidates[0]?.enabled).toEqual(['Write(task=0)', 'Read(task=1)']);
    expect(r.divergence?.candidates[0]?.missingFields).toEqual([]);
    const r2 = await validateLog(engine(), log({ action: { type: 'Flush', task: 7 } }), { file: 'x' });
    expect(r2.divergence?.candidates[0]?.missingFields).toEqual(['type="Flush"', 'task=7']);
  });

  it('accepts unlogged steps with enough --max-silent and rejects them without', async () => {
    // Task 1's Read is not logged.
    const gappy = log(race[0]!, race[2]!, race[3]!);
    const without = await validateLog(engine(), gappy, { file: 'x' });
    expect([without.verdict, without.divergence?.line]).toEqual(['divergence', 3]);
    const withSilent = await validateLog(engine(), gappy, { file: 'x', maxSilent: 1, keepTrace: true });
    expect([withSilent.verdict, withSilent.matched, withSilent.silentSteps]).toEqual(['ok', 3, 1]);
    expect(withSilent.trace?.labels).toContain('unlogged: Read(task=1)');
    // Only declared silent actions may be unlogged.
    const onlyWrites = await validateLog(engine(), gappy, { file: 'x', maxSilent: 1, silent: new Set(['Write']) });
    expect(onlyWrites.divergence?.line).toBe(3);
  });

  it('reports a state path the model does not have as IL503 naming the line', async () => {
    const p = validateLog(engine(), log(race[0]!, { action: { type: 'Read' }, state: { 'tasks.0.missing': 1 } }), { file: 'x.ndjson' });
    await expect(p).rejects.toThrow(InterleaveError);
    await expect(p).rejects.toMatchObject({ code: 'IL503', message: expect.stringContaining('Line 2 of the log x.ndjson observes "tasks.0.missing"') });
  });

  it('stops with verdict interrupted when asked', async () => {
    let n = 0;
    const r = await validateLog(engine(), log(...race), { file: 'x', shouldStop: () => ++n > 2 });
    expect([r.verdict, r.records, r.matched]).toEqual(['interrupted', 2, 2]);
  });

  it('known limitation: records logged out of effect order are not reordered, even with --max-silent', async () => {
    // Task 0's Write logged before its Read: the Read is taken as an unlogged step before line 1, and line 2's Read
    // then has nothing left to match.
    const swapped = log({ action: { type: 'Write', task: 0 } }, { action: { type: 'Read', task: 0 } });
    const r = await validateLog(engine(), swapped, { file: 'x', maxSilent: 2 });
    expect([r.verdict, r.divergence?.line, r.matched]).toEqual(['divergence', 2, 1]);
  });
});
