import { describe, expect, it } from 'vitest';
import { assertHolds, check, loadModel, PropertyViolated } from 'interleave';

describe('the library entry', () => {
  it('loadModel gives a model that checks with worker threads, as the CLI does', () => {
    const model = loadModel('models/conformance/two-phase.ts', { typecheck: false });
    const r = check(model, { params: { rm: 3 }, workers: 2, workerThreshold: 1, workerDelay: 0 });
    expect(r.verdict).toBe('ok');
    expect(r.search.strategy).toBe('parallel-bfs');
    expect([r.distinctStates, r.generatedStates]).toEqual([288, 1146]);
    const alone = check(model, { params: { rm: 3 } });
    expect([alone.distinctStates, alone.generatedStates, alone.depth]).toEqual([r.distinctStates, r.generatedStates, r.depth]);
  });

  it('exports PropertyViolated, the error assertHolds throws', () => {
    const model = loadModel('models/examples/lost-update.ts', { typecheck: false });
    let thrown: unknown;
    try {
      assertHolds(model);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PropertyViolated);
  });
});
