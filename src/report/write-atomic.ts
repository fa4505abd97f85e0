import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a file so that readers see the old content or the new one, never a part: write a temp file, then rename. */
export function writeAtomic(file: string, content: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}
