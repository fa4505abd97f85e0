import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InterleaveError } from '../../errors/interleave-error';

const WHAT: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a folder',
  ENOENT: 'the folder is gone',
  EIO: 'an input/output error of the device',
};

function why(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? `${code}, ${WHAT[code] ?? (error as Error).message}` : String(error);
}

/**
 * The folder for spilled frontier files (`spillDir`, default the OS temp folder), created if missing and tried
 * with a small file, before the search starts: a folder that cannot take files is IL105 now rather than a failure
 * after minutes of work.
 */
export function prepareSpillDir(dir: string = os.tmpdir()): void {
  const unusable = (what: string): InterleaveError =>
    new InterleaveError({
      code: 'IL105',
      message: `The spill folder ${dir} (--spill-dir, for frontier levels beyond --memory) cannot be used: ${what}.`,
      hint: `Pass --spill-dir a folder you can write to, with room for the frontier, or leave it out to use ${os.tmpdir()}.`,
      file: dir,
    });
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw unusable('it is a file, not a folder');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw unusable(`it could not be created (${why(error)})`);
  }
  let probe: string | undefined;
  try {
    probe = fs.mkdtempSync(path.join(dir, 'interleave-probe-'));
    fs.writeFileSync(path.join(probe, 'probe'), 'x');
  } catch (error) {
    throw unusable(`a file could not be written in it (${why(error)})`);
  } finally {
    if (probe !== undefined) fs.rmSync(probe, { recursive: true, force: true });
  }
}

/** A spilled frontier file that could not be written or read back during the run: IL601, exit 5. */
export function spillFailure(file: string, doing: 'writing' | 'reading', error: unknown, spilledBytes: number): InterleaveError {
  const mb = (spilledBytes / (1024 * 1024)).toFixed(1);
  return new InterleaveError({
    code: 'IL601',
    message: `${doing === 'writing' ? 'Writing' : 'Reading back'} the frontier spilled to ${file} failed (${why(error)}) after ${mb} MB were spilled; the search cannot go on.`,
    hint: 'Free space there, point --spill-dir at a folder with more room, or raise --memory so that less of the frontier goes to disk.',
    file,
  });
}
