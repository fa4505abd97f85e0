import type { Params } from '../model/types';

/** The command line that reproduces a run, printed with every report (`command`: the subcommand, `check` or `explore`). */
export function reproduceCommand(file: string, params: Params, flags: readonly string[], command = 'check'): string {
  const quote = (s: string): string => (/^[\w./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const parts = ['npx', 'interleave', command, quote(file)];
  for (const [k, v] of Object.entries(params)) parts.push('--param', quote(`${k}=${String(v)}`));
  return [...parts, ...flags.map(quote)].join(' ');
}
