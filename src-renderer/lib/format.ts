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
