import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// In a child process of its own: the test runner resolves modules its own way, and immer's setting is global.
describe('the loader and immer', () => {
  it("turns auto-freeze off in the copy of immer a model file imports, and only once a model is loaded", () => {
    const model = path.resolve('models/conformance/two-phase-immer.ts');
    const script = `
      const immer = require(require.resolve('immer', { paths: [${JSON.stringify(path.dirname(model))}] }));
      const before = Object.isFrozen(immer.produce({ a: 1 }, (d) => { d.a = 2; }));
      const { loadModel } = require(${JSON.stringify(path.resolve('dist/src/load/load-model.js'))});
      const model = loadModel(${JSON.stringify(model)}, { typecheck: false });
      const s0 = model.init({ rm: 3 })[0];
      const s1 = model.next(s0, { type: 'TMAbort' }, { rm: 3 });
      console.log(JSON.stringify({ before, after: Object.isFrozen(s1), set: Object.isFrozen(s1.msgs), tmState: s1.tmState }));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ before: true, after: false, set: false, tmState: 'aborted' });
  });
});
