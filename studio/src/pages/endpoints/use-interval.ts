/** Calls `fn` every `ms` while the page is visible; no timer when `ms` is undefined. */
import { useEffect, useRef } from 'preact/hooks';

export function useInterval(fn: () => void, ms: number | undefined): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!ms) return;
    const t = setInterval(() => {
      if (document.visibilityState === 'visible') ref.current();
    }, ms);
    return () => clearInterval(t);
  }, [ms]);
}
