import type { Suite, SuiteDefinition } from './types';

/** Declares a suite. A spec file (`specs/*.spec.ts`) default-exports the result. */
export function defineSuite(definition: SuiteDefinition): Suite {
  return Object.freeze({ ...definition, __interleaveSuite: 1 as const });
}
