import { configDefaults, defineConfig } from 'vitest/config';

// specs/*.spec.ts are interleave suites (run by `npx interleave suite`), not vitest files.
export default defineConfig({
  test: { exclude: [...configDefaults.exclude, 'specs/**'] },
});
