import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage, isAbort, type Page } from '../api/index.ts';

export interface CursorList<T> {
  items: T[];
  /** The first page is loading (the table shows its spinner). */
  loading: boolean;
  /** A further page is loading (the "加载更多" button spins). */
  loadingMore: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  retry: () => void;
}

interface State<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  loadingMore: boolean;
  error: string | null;
}

/**
 * Cursor pagination for one list. `key` identifies the query (filters + region): when it
 * changes, the list starts again from the first page and any request in flight is abandoned.
 */
export function useCursorList<T>(
  key: string,
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<Page<T>>,
): CursorList<T> {
  const [state, setState] = useState<State<T>>({
    items: [],
    nextCursor: null,
    loading: true,
    loadingMore: false,
    error: null,
  });
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const ctrlRef = useRef<AbortController | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` and `attempt` are the triggers
  useEffect(() => {
    ctrlRef.current?.abort();
    const ctrl = new AbortController();
    ctrlRef.current = ctrl;
    setState({ items: [], nextCursor: null, loading: true, loadingMore: false, error: null });
    fetchRef.current(null, ctrl.signal).then(
      (page) => {
        if (ctrl.signal.aborted) return;
        setState({
          items: page.items,
          nextCursor: page.nextCursor,
          loading: false,
          loadingMore: false,
          error: null,
        });
      },
      (err) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setState((s) => ({ ...s, loading: false, error: errorMessage(err) }));
      },
    );
    return () => ctrl.abort();
  }, [key, attempt]);

  const stateRef = useRef(state);
  stateRef.current = state;

  const loadMore = useCallback(() => {
    const s = stateRef.current;
    if (!s.nextCursor || s.loading || s.loadingMore) return;
    const ctrl = ctrlRef.current ?? new AbortController();
    setState((prev) => ({ ...prev, loadingMore: true, error: null }));
    fetchRef.current(s.nextCursor, ctrl.signal).then(
      (page) => {
        if (ctrl.signal.aborted) return;
        setState((prev) => ({
          ...prev,
          items: [...prev.items, ...page.items],
          nextCursor: page.nextCursor,
          loadingMore: false,
        }));
      },
      (err) => {
        if (ctrl.signal.aborted || isAbort(err)) return;
        setState((prev) => ({ ...prev, loadingMore: false, error: errorMessage(err) }));
      },
    );
  }, []);

  const retry = useCallback(() => {
    if (stateRef.current.items.length > 0 && stateRef.current.nextCursor) loadMore();
    else setAttempt((a) => a + 1);
  }, [loadMore]);

  return {
    items: state.items,
    loading: state.loading,
    loadingMore: state.loadingMore,
    error: state.error,
    hasMore: state.nextCursor !== null,
    loadMore,
    retry,
  };
}
