import { setFlagsFromString } from 'node:v8';

// V8's own test for an internalized string, reachable once natives syntax is allowed for code compiled later.
setFlagsFromString('--allow-natives-syntax');
const check = new Function('s', 'return %IsInternalizedString(s);') as (s: string) => boolean;
setFlagsFromString('--no-allow-natives-syntax');

/** Whether `s` is V8's one copy of its text (as literals and property keys are), compared by pointer. */
export function isInternalized(s: string): boolean {
  return check(s);
}
