import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { InterleaveError } from '../errors/interleave-error';

/** A line of a text file with its 1-based number. */
export interface NumberedLine {
  readonly line: number;
  readonly text: string;
}

/**
 * Streams the lines of `file` (a log may be far larger than memory). An unreadable file is IL501, naming the
 * file and the reason.
 */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
  let stream: fs.ReadStream;
  try {
    fs.accessSync(file, fs.constants.R_OK);
    if (fs.statSync(file).isDirectory()) throw new Error('it is a folder');
    stream = fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  } catch (error) {
    throw unreadable(file, error);
  }
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      yield { line, text };
    }
  } catch (error) {
    throw unreadable(file, error);
  } finally {
    lines.close();
    stream.destroy();
  }
}

function unreadable(file: string, error: unknown): InterleaveError {
  const why = error instanceof Error ? error.message : String(error);
  return new InterleaveError({
    code: 'IL501',
    message: `The log ${file} cannot be read: ${why}.`,
    hint: 'Give the path of a readable log file with --trace.',
    file,
  });
}
