import type { Action, Model, ParamsOf } from '../model/types';
import type { CheckOptions } from './options';
import type { CheckResult } from './result';
import { check } from './check';
import { formatResult } from '../report/format-result';

/** Thrown by `assertHolds`; its message is the printed result with the counterexample. */
export class PropertyViolated extends Error {
  override readonly name = 'PropertyViolated';
  constructor(readonly result: CheckResult) {
    super(`\n${formatResult(result)}`);
  }
}

/** Checks the model and throws `PropertyViolated` (printing the counterexample) unless the verdict is `ok`. */
export function assertHolds<S, A extends Action, P extends ParamsOf<P>>(model: Model<S, A, P>, options?: CheckOptions<P>): CheckResult<S, A> {
  const result = check(model, options);
  if (result.verdict !== 'ok') throw new PropertyViolated(result);
  return result;
}
