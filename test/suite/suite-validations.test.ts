import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../cli/run-cli';

describe('suite entries with validations', () => {
  it('passes specs/validate.spec.ts and fails an entry whose log no longer diverges where it says', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'suite-validations-'));
    const ok = runCli(['suite', 'specs/validate.spec.ts', '--json', '--out', path.join(dir, 'ok')]);
    expect(ok.code).toBe(0);
    const spec = path.join(dir, 'wrong.spec.ts');
    const abs = (p: string) => JSON.stringify(path.join(ROOT, p));
    fs.writeFileSync(
      spec,
      `import { defineSuite } from 'interleave';
export default defineSuite({ name: 'wrong', entries: [{
  name: 'race log', model: ${abs('models/alloc/early-bucket-race.ts')}, params: { variant: 'cached-iter' }, expect: {},
  validations: [{ log: ${abs('examples/alloc-impl/logs/buggy-race.txt')}, format: 'ftrace', map: ${abs('examples/alloc-impl/mapping.ts')}, expect: 'divergence', line: 6 },
                { log: ${abs('examples/alloc-impl/logs/buggy-race.txt')}, format: 'ftrace', map: ${abs('examples/alloc-impl/mapping.ts')}, expect: 'ok' }],
}] });
`,
    );
    const bad = runCli(['suite', spec, '--out', path.join(dir, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('expected divergence at line 6, got divergence at line 5');
    expect(bad.stdout + bad.stderr).toContain('expected ok, got divergence at line 5');
  });
});
