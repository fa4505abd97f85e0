import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Runs the real CLI (the built `dist/`, as users run it) and returns its exit code and output. */
export function runCli(args: readonly string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'interleave.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts the real CLI without waiting, for tests that signal it: `signal` sends SIGINT or SIGTERM, `done` gives
 * the exit code and output once it has ended.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}, cwd = ROOT) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'interleave.js'), ...args], { cwd, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { signal: (s: NodeJS.Signals) => child.kill(s), done, kill: () => child.kill('SIGKILL') };
}

/** Waits until `file` exists (a fixture creates it when its search has begun), at most `ms`; else kills `run`. */
export async function waitForFile(file: string, run: { kill(): void }, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) {
      run.kill();
      throw new Error(`${file} did not appear within ${ms} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
