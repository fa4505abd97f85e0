import { describe, expect, it } from 'vitest';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runCli } from '../cli/run-cli';
import { launchExplorer } from './launch-explorer';

describe('interleave explore (real CLI)', () => {
  it('prints its address on a free port, answers the API there, and ends with exit 0 on SIGTERM', async () => {
    const e = await launchExplorer(['models/examples/lost-update.ts', '--port', '0', '--no-open', '--param', 'tasks=3']);
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(`${e.url}api/state?path=0`);
    const body = (await r.json()) as { successors: unknown[]; state: { tasks: unknown[] } };
    expect(body.state.tasks).toHaveLength(3);
    expect(body.successors).toHaveLength(3);
    expect(await e.stop()).toBe(0);
    expect(e.output().stderr).toBe('');
  });

  it('--path opens at a state: its address carries the path', async () => {
    const e = await launchExplorer(['models/examples/lost-update.ts', '--port', '0', '--no-open', '--path', '0.0.1']);
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/0\.0\.1$/);
    expect(await e.stop()).toBe(0);
  });

  it('--host 0.0.0.0 warns that the network can reach it', async () => {
    const e = await launchExplorer(['models/examples/lost-update.ts', '--port', '0', '--no-open', '--host', '0.0.0.0']);
    expect(e.output().stderr).toMatch(/^Warning: --host 0\.0\.0\.0 serves the explorer to every machine that can reach this one/);
    const r = await fetch(`${e.url}api/model`);
    expect(r.status).toBe(200);
    expect(await e.stop()).toBe(0);
  });

  it('a port in use is IL602, exit 5, one paragraph', async () => {
    const blocker = http.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = runCli(['explore', 'models/examples/lost-update.ts', '--port', String(port), '--no-open']);
      expect(r.code).toBe(5);
      expect(r.stderr).toContain(`IL602`);
      expect(r.stderr).toContain(`The explorer could not listen on 127.0.0.1:${port}: it is in use.`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('a bad --path or --port is a usage error (exit 2) naming it', () => {
    const stale = runCli(['explore', 'models/examples/lost-update.ts', '--no-open', '--path', '0.5']);
    expect(stale.code).toBe(2);
    expect(stale.stderr).toContain('--path: Path 0.5: state 0 has 2 enabled steps (index 0-1), so there is no step 5.');
    const port = runCli(['explore', 'models/examples/lost-update.ts', '--no-open', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toContain('--port expects a port number from 0 to 65535');
  });

  it('check --out writes, beside each counterexample, the explore command that opens it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interleave-explore-out-'));
    try {
      const r = runCli(['check', 'models/crash/journal-commit.ts', '--param', 'variant=commit-before-flush', '--out', dir, '--no-typecheck']);
      expect(r.code).toBe(1);
      const command = fs.readFileSync(path.join(dir, 'action-invariant-CommitImpliesData', 'explore.txt'), 'utf8');
      expect(command).toBe(
        'npx interleave explore models/crash/journal-commit.ts --param variant=commit-before-flush --param maxCrashes=1 --param tornWrites=false --path 0.0.0.0.4\n',
      );
      // The command opens the counterexample's last state (without the type check, which costs six CPU seconds cold).
      const args = command.trim().split(' ').slice(3);
      const e = await launchExplorer([...args, '--port', '0', '--no-open', '--no-typecheck']);
      const state = (await (await fetch(`${e.url.replace(/#.*/, '')}api/state?path=0,0,0,0,4`)).json()) as { actionInvariants: Record<string, boolean> };
      expect(e.url).toMatch(/#\/0\.0\.0\.0\.4$/);
      expect(state.actionInvariants.CommitImpliesData).toBe(false);
      expect(await e.stop()).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('interleave explore on a model without end', () => {
  it('walks deep paths on demand; the background run shows progress and stops when asked', async () => {
    const e = await launchExplorer(['test/fixtures/unbounded-counter.ts', '--port', '0', '--no-open']);
    try {
      // 2^20 by doubling from 1: a state the breadth-first search would reach only after about a million states.
      const deep = [0, 0, ...Array.from({ length: 20 }, () => 1)].join(',');
      const s = (await (await fetch(`${e.url}api/state?path=${deep}`)).json()) as { state: { n: number }; invariants: Record<string, boolean> };
      expect(s.state.n).toBe(1_048_576);
      expect(s.invariants).toEqual({ Small: false });
      const post = (what: string) => fetch(`${e.url}api/run/${what}`, { method: 'POST', headers: { 'x-interleave-explorer': '1' } });
      expect(((await (await post('start')).json()) as { status: string }).status).toBe('running');
      let status: { status: string; progress: { distinctStates: number } | null; result: { verdict: string; reason?: string; violations: { path: number[] | null }[] } | null };
      do {
        await new Promise((r) => setTimeout(r, 200));
        status = (await (await fetch(`${e.url}api/run`)).json()) as typeof status;
      } while (status.status === 'running' && status.progress === null);
      // With `continue` the search goes on past the violation (at depth 12) until it is stopped.
      const t0 = Date.now();
      await post('stop');
      do {
        await new Promise((r) => setTimeout(r, 100));
        status = (await (await fetch(`${e.url}api/run`)).json()) as typeof status;
      } while (status.status === 'running' || status.status === 'stopping');
      expect(Date.now() - t0).toBeLessThan(4000);
      expect(status.status).toBe('done');
      expect(status.result).toMatchObject({ verdict: 'violation', reason: 'interrupted' });
      // 0, 1, 2 by Inc (index 0), then nine doublings (index 1) to 1024.
      expect(status.result?.violations).toEqual([{ kind: 'invariant', name: 'Small', steps: 11, path: [0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1] }]);
    } finally {
      expect(await e.stop()).toBe(0);
    }
  });
});
