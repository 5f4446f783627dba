import { useEffect, useRef } from 'preact/hooks';
import { usePageVisible } from './use-page-visible';

/** Calls `task` every `intervalMs` while the tab is visible, and once at once when it becomes visible again. */
export function usePolling(task: () => void, intervalMs: number, enabled = true): void {
  const visible = usePageVisible();
  const latest = useRef(task);
  latest.current = task;
  useEffect(() => {
    if (!visible || !enabled) return;
    latest.current();
    const timer = setInterval(() => latest.current(), intervalMs);
    return () => clearInterval(timer);
  }, [visible, enabled, intervalMs]);
}
