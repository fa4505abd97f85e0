import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as http from 'node:http';
import * as net from 'node:net';
import lostUpdate from '../../models/examples/lost-update';
import journal from '../../models/crash/journal-commit';
import throwingNext from '../fixtures/bad/throwing-next';
import throwingInvariant from '../fixtures/bad/throwing-invariant';
import symmetricFlags from '../fixtures/symmetric-flags';
import { check } from 'interleave';
import type { AnyModel } from '../../src/model/types';
import { StepEngine } from '../../src/engine/step-engine';
import { successorPathOf } from '../../src/engine/successor-path';
import { resolveParams } from '../../src/model/resolve-params';
import { ExploreSession } from '../../src/explore/explore-session';
import { BackgroundRun } from '../../src/explore/background-run';
import { startExplorerServer, type ExplorerServer } from '../../src/explore/server';

function engineOf(model: AnyModel, overrides = {}) {
  const params = resolveParams(model, overrides);
  const checks = {
    invariants: Object.keys(model.invariants),
    actionInvariants: Object.keys(model.actionInvariants ?? {}),
    reachable: Object.keys(model.reachable ?? {}),
    deadlock: model.deadlock ?? true,
    symmetry: false,
  };
  return { engine: new StepEngine(model, params, checks), params, checks };
}

async function serve(model: AnyModel, overrides = {}): Promise<{ server: ExplorerServer; run: BackgroundRun }> {
  const { engine, params, checks } = engineOf(model, overrides);
  const run = new BackgroundRun({ file: 'in-memory.ts', model, params, engine, options: { params, continue: true } });
  const info = { model: model.name, file: 'in-memory.ts', params, ...checks, crash: 'maxCrashes' in params };
  const server = await startExplorerServer({ session: new ExploreSession(engine), run, info, host: '127.0.0.1', port: 0 });
  return { server, run };
}

/** A real HTTP request, with the Host header under the test's control. */
function request(port: number, target: string, opts: { method?: string; host?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: any; type: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method: opts.method ?? 'GET', headers: { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => {
          const type = String(res.headers['content-type'] ?? '');
          resolve({ status: res.statusCode ?? 0, body: type.startsWith('application/json') ? JSON.parse(text) : text, type });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('explorer API over HTTP (lost-update)', () => {
  let server: ExplorerServer;
  let run: BackgroundRun;
  beforeAll(async () => ({ server, run } = await serve(lostUpdate as AnyModel)));
  afterAll(async () => server.close());

  it('GET /api/state: the state, its invariants and the enabled successors with action, label and actor', async () => {
    const r = await request(server.port, '/api/state?path=0');
    expect(r.status).toBe(200);
    expect(r.body.state).toEqual({ counter: 0, tasks: [{ pc: 'read', local: 0 }, { pc: 'read', local: 0 }] });
    expect(r.body.invariants).toEqual({ NoLostUpdate: true });
    expect(r.body.reachable).toEqual({ AllDone: false });
    expect(r.body.successors.map((s: any) => ({ action: s.action, label: s.label, actor: s.actor, actionIndex: s.actionIndex }))).toEqual([
      { action: { type: 'Read', actor: 'task1', task: 0 }, label: 'Read(task=0)', actor: 'task1', actionIndex: 0 },
      { action: { type: 'Read', actor: 'task2', task: 1 }, label: 'Read(task=1)', actor: 'task2', actionIndex: 2 },
    ]);
    expect(r.body.successors[1].changes).toEqual([{ path: 'tasks[1].pc', before: '"read"', after: '"write"' }]);
    expect(r.body.step).toBeNull();
  });

  it('follows a path of successor indices (commas or dots) to the lost update, with the trail per actor', async () => {
    const dots = await request(server.port, '/api/state?path=0.0.1.0.0');
    const r = await request(server.port, '/api/state?path=0,0,1,0,0');
    expect(dots.body.state).toEqual(r.body.state);
    expect(r.body.state.counter).toBe(1);
    expect(r.body.invariants).toEqual({ NoLostUpdate: false });
    expect(r.body.reachable).toEqual({ AllDone: true });
    expect(r.body.successors).toEqual([]);
    // All done is terminal: no deadlock.
    expect(r.body.deadlock).toBe(false);
    expect(r.body.trail.map((s: any) => [s.lane ?? null, s.label, s.failing])).toEqual([
      [null, 'initial state', []],
      ['task1', 'Read(task=0)', []],
      ['task2', 'Read(task=1)', []],
      ['task1', 'Write(task=0)', []],
      ['task2', 'Write(task=1)', ['NoLostUpdate']],
    ]);
    expect(r.body.stateHtml).toContain('class="row chg"');
  });

  it('bad paths are 400 with a message naming what is wrong', async () => {
    const cases: [string, string][] = [
      ['/api/state', 'No path given'],
      ['/api/state?path=', 'No path given'],
      ['/api/state?path=0,x', '"x" is not an index'],
      ['/api/state?path=-1', '"-1" is not an index'],
      ['/api/state?path=3', 'the model has 1 initial state (index 0), so there is no initial state 3'],
      ['/api/state?path=0,9', 'state 0 has 2 enabled steps (index 0-1), so there is no step 9'],
      ['/api/state?path=0,0,1,0,0,0', 'state 0.0.1.0.0 has no enabled step, so there is no step 0'],
    ];
    for (const [target, message] of cases) {
      const r = await request(server.port, target);
      expect([target, r.status]).toEqual([target, 400]);
      expect(r.body.error.message).toContain(message);
    }
  });

  it('answers only Host headers that name its address: 403 otherwise (DNS rebinding)', async () => {
    expect((await request(server.port, '/api/model', { host: `localhost:${server.port}` })).status).toBe(200);
    for (const host of [`evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      const r = await request(server.port, '/api/model', { host });
      expect([host, r.status]).toEqual([host, 403]);
    }
    const page = await request(server.port, '/', { host: `attacker.test:${server.port}` });
    expect(page.status).toBe(403);
    // HTTP/1.0 without a Host header at all.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(server.port, '127.0.0.1', () => socket.end('GET /api/model HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8').on('data', (d: string) => (text += d));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 403 Forbidden');
  });

  it('serves its page and nothing else; POSTs need the explorer header', async () => {
    const page = await request(server.port, '/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>lost-update: explorer</title>');
    expect((await request(server.port, '/../package.json')).status).toBe(404);
    expect((await request(server.port, '/index.html')).status).toBe(404);
    expect((await request(server.port, '/api/nope')).status).toBe(405);
    const post = await request(server.port, '/api/run/start', { method: 'POST' });
    expect(post.status).toBe(403);
    expect(run.status().status).toBe('idle');
  });

  it('the background run finds the counterexample and gives its path of successor indices', async () => {
    const started = await request(server.port, '/api/run/start', { method: 'POST', headers: { 'x-interleave-explorer': '1' } });
    expect(started.status).toBe(200);
    await run.settled();
    const r = await request(server.port, '/api/run');
    expect(r.body.status).toBe('done');
    expect(r.body.result).toMatchObject({ verdict: 'violation', distinctStates: 13, generatedStates: 15, depth: 5, reachable: { AllDone: true } });
    expect(r.body.result.violations).toEqual([{ kind: 'invariant', name: 'NoLostUpdate', steps: 4, path: [0, 0, 1, 0, 0] }]);
  });
});

describe('explorer API: model failures are answers, never a crash', () => {
  it('a next that throws: the state is shown with the coded error; walking through it is 422', async () => {
    const { server } = await serve(throwingNext as AnyModel);
    try {
      const ok = await request(server.port, '/api/state?path=0,0');
      expect(ok.status).toBe(200);
      expect(ok.body.state).toEqual({ n: 1 });
      const at = await request(server.port, '/api/state?path=0,0,0');
      expect(at.status).toBe(200);
      expect(at.body.state).toEqual({ n: 2 });
      expect(at.body.successors).toEqual([]);
      expect(at.body.errors.map((e: any) => e.code)).toEqual(['IL301']);
      expect(at.body.errors[0].message).toContain('counter overflow');
      const through = await request(server.port, '/api/state?path=0,0,0,0');
      expect(through.status).toBe(422);
      expect(through.body.error.code).toBe('IL301');
      expect(through.body.at).toEqual([0, 0, 0]);
      // The server goes on answering.
      expect((await request(server.port, '/api/state?path=0')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('an invariant that throws is null (neither true nor false), with its error', async () => {
    const { server } = await serve(throwingInvariant as AnyModel);
    try {
      const r = await request(server.port, '/api/state?path=0,0');
      expect(r.status).toBe(200);
      expect(r.body.invariants).toEqual({ FirstIsPositive: null });
      expect(r.body.errors.map((e: any) => e.code)).toEqual(['IL301']);
    } finally {
      await server.close();
    }
  });

  it('a port in use is IL602', async () => {
    const { server } = await serve(lostUpdate as AnyModel);
    try {
      const { engine, params, checks } = engineOf(lostUpdate as AnyModel);
      const run = new BackgroundRun({ file: 'x.ts', model: lostUpdate as AnyModel, params, engine, options: { params } });
      const info = { model: 'lost-update', file: 'x.ts', params, ...checks, crash: false };
      await expect(startExplorerServer({ session: new ExploreSession(engine), run, info, host: '127.0.0.1', port: server.port })).rejects.toMatchObject({
        code: 'IL602',
        message: `The explorer could not listen on 127.0.0.1:${server.port}: it is in use.`,
      });
    } finally {
      await server.close();
    }
  });
});

describe('explorer paths of crash steps (journal-commit)', () => {
  it('lists every disk image a crash may leave, with what persisted and what was lost', async () => {
    const { server } = await serve(journal as AnyModel, { variant: 'commit-before-flush' });
    try {
      const r = await request(server.port, '/api/state?path=0,0,0,0');
      expect(r.body.step.label).toBe('WriteCommit');
      expect(r.body.successors.map((s: any) => [s.index, s.label === 'CommitDone' ? 'CommitDone' : s.crash])).toEqual([
        [0, 'CommitDone'],
        [1, { persisted: [], lost: ['data', 'commit'] }],
        [2, { persisted: ['data'], lost: ['commit'] }],
        [3, { persisted: ['data', 'commit'], lost: [] }],
        [4, { persisted: ['commit'], lost: ['data'] }],
      ]);
      expect(r.body.successors[4].breaks).toEqual(['CommitImpliesData']);
      const after = await request(server.port, '/api/state?path=0,0,0,0,4');
      expect(after.body.state.state.recovered).toEqual({ committed: true, data: null });
      expect(after.body.actionInvariants).toEqual({ CommitImpliesData: false, AckedIsDurable: true });
      // One crash per behaviour: no crash is offered after recovery.
      expect(after.body.successors).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('successorPathOf turns a check trace into the explorer path that replays it', () => {
    const r = check(journal, { params: { variant: 'commit-before-flush' }, continue: true });
    const { engine } = engineOf(journal as AnyModel, { variant: 'commit-before-flush' });
    expect(successorPathOf(engine, r.violations[0]!.trace)).toEqual([0, 0, 0, 0, 4]);
  });
});

describe('explorer known limitations', () => {
  it('ignores the symmetry hook: every concrete successor is listed, while the background check counts classes', async () => {
    const { server, run } = await serve(symmetricFlags as AnyModel);
    try {
      const r = await request(server.port, '/api/state?path=0');
      // Four successors, all equivalent under the hook (one raised flag).
      expect(r.body.successors.map((s: any) => s.actor)).toEqual(['task1', 'task2', 'task3', 'task4']);
      run.start();
      await run.settled();
      expect(run.status().result).toMatchObject({ verdict: 'ok', distinctStates: 5 });
    } finally {
      await server.close();
    }
  });
});

describe('opening a browser', () => {
  it('does nothing, and does not throw, when no xdg-open is on PATH', async () => {
    const { openBrowser } = await import('../../src/explore/open-browser');
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      expect(openBrowser('http://127.0.0.1:1/')).toBe(false);
    } finally {
      process.env.PATH = saved;
    }
  });
});
