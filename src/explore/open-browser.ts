import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The first of `names` found on PATH. */
function onPath(names: readonly string[]): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        fs.accessSync(file, fs.constants.X_OK);
        return file;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** Opens `url` in the desktop's browser (xdg-open, or open on macOS); does nothing when there is none. Never throws. */
export function openBrowser(url: string): boolean {
  const opener = onPath(process.platform === 'darwin' ? ['open'] : ['xdg-open']);
  if (opener === undefined) return false;
  try {
    const child = spawn(opener, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
