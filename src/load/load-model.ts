import type { AnyModel } from '../model/types';
import { validateModel } from '../model/validate-model';
import { loadModule } from './load-module';

/** Loads a model file (TypeScript, no build step) and validates its default export. */
export function loadModel(file: string): AnyModel {
  const exported = loadModule(file, 'model file', { missing: 'IL201', compile: 'IL202', threw: 'IL206' });
  return validateModel(exported, file);
}
