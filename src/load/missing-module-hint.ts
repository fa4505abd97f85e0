import * as path from 'node:path';

/**
 * How to get a module a model imports: packages come from the model's own project (the folders above it with
 * node_modules), never from interleave's dependencies.
 */
export function missingModuleHint(request: string, file: string): string {
  if (request.startsWith('.') || path.isAbsolute(request)) return `Check the path ${request} relative to ${path.dirname(file)}.`;
  const pkg = request.startsWith('@') ? request.split('/').slice(0, 2).join('/') : (request.split('/')[0] ?? request);
  return `Install it in the project the file belongs to: \`npm install ${pkg}\` in ${path.dirname(file)} or a folder above it (packages are looked up in node_modules folders from the file's folder upwards).`;
}
