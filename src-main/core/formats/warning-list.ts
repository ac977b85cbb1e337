// The warnings of one read, each naming the file: counts of what was left out or changed.

export class WarningList {
  readonly list: string[] = [];

  constructor(private readonly file: string) {}

  /** `what: n`, when n is not zero. */
  count(n: number, what: string): void {
    if (n > 0) this.list.push(`${this.file}: ${what}: ${n.toLocaleString('en-US')}`);
  }

  add(text: string | null): void {
    if (text !== null) this.list.push(text.startsWith(`${this.file}: `) ? text : `${this.file}: ${text}`);
  }
}
