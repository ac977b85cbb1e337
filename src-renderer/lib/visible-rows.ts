// Lazy loading for virtua's lists: the rows a list shows, read at most once per animation frame
// however many scroll events arrive, so that the loader asks for each page once.

/** What a virtua list offers for reading its visible range. */
export interface VisibleRange {
  getScrollOffset(): number;
  getViewportSize(): number;
  findItemIndex(offset: number): number;
}

/** A scroll handler that calls `load(first, afterLast)` with the rows `list()` shows, once per frame. */
export function visibleRowsLoader(list: () => VisibleRange | undefined, load: (start: number, end: number) => void): () => void {
  let frame = 0;
  return () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const v = list();
      if (!v) return;
      const offset = v.getScrollOffset();
      load(v.findItemIndex(offset), v.findItemIndex(offset + v.getViewportSize()) + 1);
    });
  };
}
