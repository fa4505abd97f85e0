import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../cli/run-cli';

/**
 * Slow (installs packages): the whole path of a user with a repository of their own. The packed tarball and
 * immer are installed into an empty folder outside this repository, a model there is checked, `init` scaffolds,
 * the suite passes, the scaffolded vitest test passes and every `run` step of the CI workflow runs green.
 * It runs in its own file so that vitest runs it beside the other files.
 */
/**
 * npm without its network round trips that decide nothing here: no audit, no funding notice, and packages already
 * in npm's cache taken from it without asking the registry whether they changed.
 */
const QUIET_NPM = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };

function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  const r = spawnSync('bash', ['-c', command], { cwd, encoding: 'utf8', env: { ...process.env, ...QUIET_NPM, ...env }, timeout: 300_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const MODEL = `import { produce } from 'immer';
import { defineModel } from 'interleave';

interface State {
  readonly counter: number;
  readonly local: readonly number[];
  readonly pc: readonly ('read' | 'write' | 'done')[];
}
type Action = { type: 'read' | 'write'; actor: string; task: number };

export default defineModel<State, Action, { tasks: number }>({
  name: 'counter',
  params: { tasks: 2 },
  init: (p) => [{ counter: 0, local: Array<number>(p.tasks).fill(0), pc: Array.from({ length: p.tasks }, () => 'read' as const) }],
  actions: (s) => s.pc.flatMap((_, task) => (['read', 'write'] as const).map((type) => ({ type, actor: \`t\${task}\`, task }))),
  next: (s, a) => {
    if (a.type === 'read' && s.pc[a.task] === 'read') return produce(s, (d) => { d.local[a.task] = s.counter; d.pc[a.task] = 'write'; });
    if (a.type === 'write' && s.pc[a.task] === 'write') return produce(s, (d) => { d.counter = (s.local[a.task] ?? 0) + 1; d.pc[a.task] = 'done'; });
    return undefined;
  },
  invariants: { NoLostUpdate: (s) => !s.pc.every((p) => p === 'done') || s.counter === s.pc.length },
  terminal: (s) => s.pc.every((p) => p === 'done'),
});
`;

describe('using interleave from a repository of ones own (slow: npm pack and npm install)', () => {
  it('installs from the packed tarball, checks a model importing immer, scaffolds with init, and the suite and CI steps pass', { timeout: 900_000 }, () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-own-'));
    const packed = sh(`npm pack --silent --pack-destination ${JSON.stringify(base)}`, ROOT);
    expect(packed.code, packed.out).toBe(0);
    const tarball = path.join(base, packed.out.trim().split('\n').pop() ?? '');
    expect(fs.existsSync(tarball)).toBe(true);
    const listing = sh(`tar -tzf ${JSON.stringify(tarball)}`, base).out;
    expect(listing).toContain('package/templates/init/interleave.yml');
    expect(listing).not.toMatch(/package\/(test|specs|models|bench|scripts)\//);

    const project = path.join(base, 'project');
    fs.mkdirSync(project);
    expect(sh('npm init -y', project).code).toBe(0);
    const vitest = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.vitest;
    const install = sh(`npm install --save-dev ${JSON.stringify(tarball)} immer vitest@${vitest} 2>&1`, project);
    expect(install.code, install.out).toBe(0);
    expect(install.out).not.toMatch(/npm warn/i);

    fs.writeFileSync(path.join(project, 'model.ts'), MODEL);
    const check = sh('npx interleave check model.ts --no-progress', project);
    expect(check.code, check.out).toBe(1);
    expect(check.out).toContain('Verdict: VIOLATION (NoLostUpdate)');
    expect(check.out).toContain('States: 12 distinct, 13 generated, depth 5');
    expect(check.out).toMatch(/1 {2}read\(task=0\)[^]*2 {2}read\(task=1\)[^]*3 {2}write\(task=0\)[^]*4 {2}write\(task=1\)/);

    const init = sh('npx interleave init', project);
    expect(init.code, init.out).toBe(0);
    for (const f of ['models/lock.ts', 'specs/lock.spec.ts', 'test/lock.test.ts', '.github/workflows/interleave.yml', 'vitest.config.mts']) expect(fs.existsSync(path.join(project, f))).toBe(true);
    const again = sh('npx interleave init', project);
    expect(again.code).toBe(2);
    expect(again.out).toMatch(/IL106: init would overwrite models\/lock\.ts, specs\/lock\.spec\.ts, test\/lock\.test\.ts, \.github\/workflows\/interleave\.yml/);

    const suite = sh('npx interleave suite', project);
    expect(suite.code, suite.out).toBe(0);
    expect(suite.out).toMatch(/ok +lock\/buggy +variant=buggy +violates MutualExclusion +18 +7/);
    expect(suite.out).toMatch(/ok +lock\/fixed +variant=fixed +holds +8 +5/);
    expect(suite.out).toContain('3 passed, 0 failed');

    const unit = sh('npx vitest run 2>&1', project);
    expect(unit.code, unit.out).toBe(0);
    expect(unit.out).toMatch(/2 passed/);

    // The workflow: valid YAML, the steps it needs, and every `run` step green here (after the baseline is committed).
    const workflow = parse(fs.readFileSync(path.join(project, '.github/workflows/interleave.yml'), 'utf8')) as {
      on: Record<string, unknown>;
      jobs: Record<string, { 'runs-on': string; steps: { name?: string; uses?: string; run?: string; with?: Record<string, string> }[] }>;
    };
    expect(Object.keys(workflow.on)).toEqual(['push', 'pull_request']);
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    expect(steps.map((s) => s.uses?.replace(/@.*/, '') ?? s.run)).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'npm ci',
      'npx interleave suite --out reports/interleave --baseline interleave-baseline.json',
      'test ! -f reports/interleave/summary.md || cat reports/interleave/summary.md >> "$GITHUB_STEP_SUMMARY"',
      'mikepenz/action-junit-report',
      'actions/upload-artifact',
    ]);
    const baseline = sh('npm run interleave:baseline', project);
    expect(baseline.code, baseline.out).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(project, 'interleave-baseline.json'), 'utf8')).totals).toMatchObject({ entries: 3, passed: 3 });
    const summaryFile = path.join(base, 'step-summary.md');
    for (const step of steps.filter((s) => s.run)) {
      const r = sh(step.run ?? '', project, { GITHUB_STEP_SUMMARY: summaryFile, CI: 'true' });
      expect(r.code, `${step.run}\n${r.out}`).toBe(0);
    }
    expect(fs.readFileSync(summaryFile, 'utf8')).toMatch(/## interleave suite: passed \(3\/3 entries as expected/);
    for (const step of steps.filter((s) => s.uses?.startsWith('mikepenz/') || s.uses?.startsWith('actions/upload-artifact'))) {
      const p = step.with?.report_paths ?? step.with?.path ?? '';
      expect(fs.existsSync(path.join(project, p)), p).toBe(true);
    }
    // A drifted baseline fails the suite step, as it fails the job.
    const drifted = JSON.parse(fs.readFileSync(path.join(project, 'interleave-baseline.json'), 'utf8'));
    drifted.entries[0].distinctStates = 100;
    fs.writeFileSync(path.join(project, 'interleave-baseline.json'), JSON.stringify(drifted));
    const drift = sh(steps[3]?.run ?? '', project);
    expect(drift.code).toBe(1);
    expect(drift.out).toMatch(/DRIFT lock\/buggy: 100 -> 18 distinct states/);
    fs.rmSync(base, { recursive: true, force: true });
  });
});
