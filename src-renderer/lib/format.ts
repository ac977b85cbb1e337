// Small display formatters shared by the screens.

const numberFormat = new Intl.NumberFormat('en');

export function count(n: number): string {
  return numberFormat.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "today 14:05", "yesterday", "3 days ago" or a date: last-opened times at a glance. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const day = 24 * 60 * 60 * 1000;
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const t = then.getTime();
  const hhmm = then.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  if (t >= startOfToday) return `today ${hhmm}`;
  if (t >= startOfToday - day) return `yesterday ${hhmm}`;
  const days = Math.floor((startOfToday - t) / day) + 1;
  if (days < 7) return `${days} days ago`;
  return then.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * The one way a score (F1, precision, recall, accuracy, coverage in 0..1) is shown anywhere in the
 * app: a percentage with one decimal, "38.0%"; a dash when there is none.
 */
export function score(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

// The figures a model carries (core/jobs run-records.ts modelMetrics), in words.
const METRIC_NAMES: Record<string, { name: string; kind: 'score' | 'count' }> = {
  devF1: { name: 'dev F1', kind: 'score' },
  teacherDevF1: { name: 'teacher dev F1', kind: 'score' },
  studentDevF1: { name: 'student dev F1', kind: 'score' },
  pairAccuracy: { name: 'evaluator pair accuracy', kind: 'score' },
  trainSentences: { name: 'training sentences', kind: 'count' },
  teacherEpochs: { name: 'recognizer epochs', kind: 'count' },
  evaluatorEpochs: { name: 'evaluator epochs', kind: 'count' },
  studentEpochs: { name: 'student epochs', kind: 'count' },
};

/** A model's figures as ["dev F1 38.0%", "training sentences 2,000", …], scores first; unknown keys keep their name. */
export function modelFigures(metrics: Record<string, number>): string[] {
  const known = Object.keys(METRIC_NAMES);
  const rank = (k: string) => (known.includes(k) ? known.indexOf(k) : known.length);
  return Object.entries(metrics)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([k, v]) => {
      const m = METRIC_NAMES[k];
      if (m) return `${m.name} ${m.kind === 'score' ? score(v) : count(v)}`;
      return `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${Number.isInteger(v) ? count(v) : v.toFixed(3)}`;
    });
}
