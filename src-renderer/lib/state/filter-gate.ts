// Annotate's guard between a filter change and the keys pressed while it is applied: moving waits
// for the new list, and an edit key acts only if the sentence it was pressed on is still the open
// one once the list has changed (a filter that hides it opens another), never on a hidden one.

export class FilterGate {
  #applying: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Applies a filter change; keys wait for it. */
  apply(change: () => Promise<void>): Promise<void> {
    this.#pending += 1;
    const applying = change().finally(() => {
      this.#pending -= 1;
    });
    this.#applying = applying;
    return applying;
  }

  /** Resolves once the filter being applied (if any) is. */
  settled(): Promise<void> {
    return this.#applying.catch(() => undefined);
  }

  /**
   * Runs `edit` now, or after a filter change in progress, and then only when `openId()` is the
   * sentence it was before; otherwise calls `dropped` instead.
   */
  onShown(openId: () => number | undefined, edit: () => Promise<unknown>, dropped: () => void): Promise<void> {
    if (this.#pending === 0) return edit().then(() => undefined);
    const id = openId();
    return this.settled().then(async () => {
      if (openId() !== id) dropped();
      else await edit();
    });
  }
}
