import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../cli/run-cli';

export interface LaunchedExplorer {
  readonly url: string;
  readonly child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Sends SIGTERM and gives the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the real CLI's `explore` (built `dist/`) and waits for the line with its address. */
export function launchExplorer(args: readonly string[]): Promise<LaunchedExplorer> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'interleave.js'), 'explore', ...args], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`explore did not print its address: ${stdout}${stderr}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const m = /^Explorer: (\S+)$/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1] as string,
          child,
          output: () => ({ stdout, stderr }),
          stop: async () => {
            child.kill('SIGTERM');
            return closed;
          },
        });
      }
    });
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`explore exited (${code}) before printing its address: ${stdout}${stderr}`));
    });
  });
}
