import { MISSING_TOOLS } from './tools';

/** vitest global setup: one line per skipped group of tests, naming the missing tool and how to install it. */
export default function setup(): void {
  for (const t of MISSING_TOOLS) process.stderr.write(`Skipping ${t.skipped}: ${t.missing}. Install it with \`${t.install}\`.\n`);
}
