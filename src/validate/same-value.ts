import { fingerprint } from '../state/fingerprint';

/** Whether a logged value and a model value are the same value (structurally, as states are compared). */
export function sameValue(logged: unknown, actual: unknown): boolean {
  if (logged === actual) return true;
  if (typeof logged !== 'object' || logged === null || typeof actual !== 'object' || actual === null) return false;
  try {
    return fingerprint(logged) === fingerprint(actual);
  } catch {
    return false;
  }
}
