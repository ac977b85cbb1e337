// describe() for vitest tests that need PyTorch (see python.ts).

import { describe } from 'vitest';
import { SKIP_REASON } from './python.js';

/** describe() for tests that need PyTorch: skipped, loudly, where there is none. */
export function describeWithTorch(name: string, body: () => void): void {
  if (SKIP_REASON !== null) {
    console.warn(`\n*** SKIPPING "${name}": ${SKIP_REASON} ***\n`);
    describe.skip(`${name} (SKIPPED: ${SKIP_REASON})`, body);
    return;
  }
  describe(name, body);
}
