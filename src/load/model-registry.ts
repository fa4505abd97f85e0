import * as path from 'node:path';
import type { AnyModel } from '../model/types';

// Weak, so that registering a model never keeps it alive.
const files = new WeakMap<object, string>();

/**
 * Records the file a model was loaded from, so that worker threads can load the same model themselves
 * (functions cannot be sent to another thread). `loadModel` registers every model it loads.
 */
export function registerModelFile(model: AnyModel, file: string): void {
  files.set(model, path.resolve(file));
}

/** The absolute file the model was loaded from, or undefined for a model built in code. */
export function modelFileOf(model: AnyModel): string | undefined {
  return files.get(model);
}
