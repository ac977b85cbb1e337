// Memory of other processes, from Linux's /proc (null elsewhere): VmHWM is a process's peak
// resident set, VmRSS its current one.

import { readFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Peak resident bytes of a live process so far, or null. */
export const peakRss = (pid: number): number | null => statusField(pid, 'VmHWM');

/** Keeps reading a process's peak resident set until stopped (the last reading before it exits is the peak). */
export class PeakWatch {
  peak: number | null = null;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(
    private readonly pid: () => number | undefined,
    everyMs = 200,
  ) {
    this.timer = setInterval(() => this.read(), everyMs);
  }

  read(): void {
    const pid = this.pid();
    if (pid === undefined) return;
    const now = peakRss(pid);
    if (now !== null && (this.peak === null || now > this.peak)) this.peak = now;
  }

  stop(): number | null {
    clearInterval(this.timer);
    return this.peak;
  }
}

export const mb = (bytes: number | null): string => (bytes === null ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MB`);
