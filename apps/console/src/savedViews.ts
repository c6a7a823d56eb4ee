/**
 * Saved views of a list: a name and a filter set, kept in localStorage per user (never sent to
 * the server). A view is applied by writing its filters into the URL.
 */
import { useCallback, useState } from 'react';

export interface SavedView {
  name: string;
  filters: Record<string, string>;
}

const keyOf = (userId: string, list: string) => `lianluo.views.${list}.${userId}`;

function read(key: string): SavedView[] {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (v): v is SavedView =>
        !!v && typeof v.name === 'string' && !!v.filters && typeof v.filters === 'object',
    );
  } catch {
    return [];
  }
}

export function useSavedViews(userId: string, list: string) {
  const key = keyOf(userId, list);
  const [views, setViews] = useState<SavedView[]>(() => read(key));
  const write = useCallback(
    (next: SavedView[]) => {
      setViews(next);
      try {
        localStorage.setItem(key, JSON.stringify(next));
      } catch {
        // storage full or unavailable: the views last for this page only
      }
    },
    [key],
  );
  const save = useCallback(
    (name: string, filters: Record<string, string>) => {
      const clean = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      write([...read(key).filter((v) => v.name !== name), { name, filters: clean }]);
    },
    [key, write],
  );
  const remove = useCallback((name: string) => write(read(key).filter((v) => v.name !== name)), [key, write]);
  return { views, save, remove };
}
