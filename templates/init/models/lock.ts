import { produce } from 'immer';
import { defineModel } from 'interleave-check';

/**
 * Two tasks guard a critical section with a spinlock. The buggy variant tests the lock and sets it in two steps
 * (a load, then a store), so both tasks can see it free and both enter. The fixed variant takes it with one
 * atomic test-and-set. Check it: `npx interleave check models/lock.ts --param variant=buggy`.
 */
type Pc = 'idle' | 'saw-free' | 'critical' | 'done';
interface State {
  readonly locked: boolean;
  readonly pc: readonly Pc[];
}
type Action =
  | { type: 'try_lock'; actor: string; task: number }
  | { type: 'set_lock'; actor: string; task: number }
  | { type: 'unlock'; actor: string; task: number };

export default defineModel<State, Action, { tasks: number; variant: 'buggy' | 'fixed' }>({
  name: 'lock',
  params: { tasks: 2, variant: 'fixed' },
  paramValues: { variant: ['buggy', 'fixed'] },
  init: (p) => [{ locked: false, pc: Array.from({ length: p.tasks }, (): Pc => 'idle') }],
  actions: (s) =>
    s.pc.flatMap((_, task) => (['try_lock', 'set_lock', 'unlock'] as const).map((type) => ({ type, actor: `task${task + 1}`, task }))),
  next: (s, a, p) => {
    const pc = s.pc[a.task];
    if (a.type === 'try_lock' && pc === 'idle' && !s.locked) {
      return produce(s, (d) => {
        if (p.variant === 'fixed') {
          // Test-and-set: seeing the lock free and taking it are one step.
          d.locked = true;
          d.pc[a.task] = 'critical';
        } else d.pc[a.task] = 'saw-free';
      });
    }
    if (a.type === 'set_lock' && pc === 'saw-free') {
      return produce(s, (d) => {
        d.locked = true;
        d.pc[a.task] = 'critical';
      });
    }
    if (a.type === 'unlock' && pc === 'critical') {
      return produce(s, (d) => {
        d.locked = false;
        d.pc[a.task] = 'done';
      });
    }
    return undefined;
  },
  invariants: {
    MutualExclusion: (s) => s.pc.filter((pc) => pc === 'critical').length <= 1,
  },
  terminal: (s) => s.pc.every((pc) => pc === 'done'),
});
