import { it } from 'vitest';
import * as path from 'node:path';
import { loadSuite } from '../../src/suite/load-suite';
import { loadModel } from '../../src/load/load-model';
import { resolveParams } from '../../src/model/resolve-params';
import { check } from 'interleave';
it('x', () => {
  for (const spec of ['simulate', 'crash']) {
  const s = loadSuite(path.resolve(__dirname, `../../specs/${spec}.spec.ts`));
  for (const e of s.entries) {
    const m = loadModel(e.modelPath!, { typecheck: false });
    const params = resolveParams(m, (e.entry.params ?? {}) as any);
    const cpu = process.cpuUsage(); const t = performance.now();
    const r = check(m, { params, continue: true });
    const c = process.cpuUsage(cpu);
    const cpu2 = process.cpuUsage(); const t2 = performance.now();
    const d = check(m, { params, continue: true, strategy: 'dfs' });
    const c2 = process.cpuUsage(cpu2);
    console.log(e.entry.name, m.name, JSON.stringify(params), 'bfs wall', (t2 - t).toFixed(0), 'cpu', ((c.user + c.system) / 1000).toFixed(0), r.durationMs, 'dfs wall', (performance.now() - t2).toFixed(0), 'cpu', ((c2.user + c2.system) / 1000).toFixed(0), d.durationMs);
  }}
});
