// A readable reason for a worker process that ended without finishing its work.

import type { JobExit } from './spawner.js';

// What V8, the C++ runtime and Linux print when memory runs out.
const OUT_OF_MEMORY = /heap out of memory|allocation failed|out of memory|std::bad_alloc|cannot allocate memory/i;
const TAIL_CHARS = 400;

/** The last meaningful lines of stderr, shortened. */
export function stderrSummary(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  const text = lines.slice(-3).join(' | ');
  return text.length > TAIL_CHARS ? `…${text.slice(-TAIL_CHARS)}` : text;
}

export function abnormalExit(what: string, exit: JobExit, stderr: string): string {
  const tail = stderrSummary(stderr);
  const detail = tail === '' ? '' : `: ${tail}`;
  if (OUT_OF_MEMORY.test(stderr)) {
    // V8's report ends in native stack frames; the line naming the failure is the useful one.
    const line =
      stderr
        .split('\n')
        .find((l) => /FATAL ERROR|out of memory|bad_alloc/i.test(l))
        ?.trim() ?? '';
    return `the ${what} ran out of memory (try a smaller batch size or model)${line === '' ? '' : `: ${line.slice(0, TAIL_CHARS)}`}`;
  }
  if (exit.signal !== null) return `the ${what} was killed (${exit.signal})${detail}`;
  if (exit.code === 0) return `the ${what} ended without finishing its work${detail}`;
  return `the ${what} exited with code ${exit.code ?? 'unknown'}${detail}`;
}
