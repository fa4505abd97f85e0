import type { AnyModel } from '../model/types';
import { validateModel } from '../model/validate-model';
import { loadModule } from './load-module';
import { typecheck } from './typecheck';
import { registerModelFile } from './model-registry';
import * as fs from 'node:fs';

/**
 * Loads a model file (TypeScript, no build step), type-checks it unless told not to, and validates its default
 * export. The model is registered with its file, so that `check` can load it again in worker threads.
 */
export function loadModel(file: string, options: { typecheck?: boolean } = {}): AnyModel {
  if (options.typecheck !== false && /\.[cm]?ts$/.test(file) && fs.existsSync(file)) typecheck(file, 'model file', 'IL202');
  const exported = loadModule(file, 'model file', { missing: 'IL201', compile: 'IL202', threw: 'IL206' });
  const model = validateModel(exported, file);
  registerModelFile(model, file);
  return model;
}
