/**
 * Which rows of a fixed-row-height list are inside the scrolled viewport (plus a margin). Only those are
 * rendered, so the DOM stays a few dozen rows whether the list holds two hundred or two hundred thousand.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export interface VirtualWindow {
  /** Attach to the scrolling element. */
  readonly ref: RefObject<HTMLDivElement | null>;
  readonly start: number;
  readonly end: number;
  readonly onScroll: () => void;
  /** Scrolls the least needed to show row `index` whole. */
  readonly reveal: (index: number) => void;
}

export function useVirtualWindow(rowCount: number, rowHeight: number, overscan = 8): VirtualWindow {
  const ref = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });

  const measure = useCallback(() => {
    const el = ref.current;
    if (el) setView({ top: el.scrollTop, height: el.clientHeight || 600 });
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    // The observer reports the first size at once, then every resize.
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [measure]);

  const reveal = useCallback(
    (index: number) => {
      const el = ref.current;
      if (!el) return;
      const top = index * rowHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) {
        el.scrollTop = top + rowHeight - el.clientHeight;
      }
      measure();
    },
    [rowHeight, measure],
  );

  const start = Math.max(0, Math.floor(view.top / rowHeight) - overscan);
  const end = Math.min(rowCount, Math.ceil((view.top + view.height) / rowHeight) + overscan);
  return { ref, start, end, onScroll: measure, reveal };
}
