/**
 * The region narrowing chosen in the header lives in the URL (`?region=<12-digit code>`), so a
 * view can be bookmarked or shared and every page passes it to its API calls.
 */
import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

const CODE = /^\d{12}$/;

/** A county code: 6 significant digits (xxxxyy, yy ≠ 00) followed by six zeros. */
export function isCountyCode(code: string): boolean {
  return CODE.test(code) && code.slice(6) === '000000' && code.slice(4, 6) !== '00';
}

/** The narrowed region from the URL, or null for the user's whole scope. */
export function useRegion(): string | null {
  const [params] = useSearchParams();
  const region = params.get('region');
  return region && CODE.test(region) ? region : null;
}

/** Build in-app links that keep the current region narrowing. */
export function useRegionLink(): (path: string, extra?: Record<string, string | undefined>) => string {
  const region = useRegion();
  return useCallback(
    (path, extra) => {
      const params = new URLSearchParams();
      if (region) params.set('region', region);
      for (const [k, v] of Object.entries(extra ?? {})) if (v) params.set(k, v);
      const qs = params.toString();
      return qs ? `${path}?${qs}` : path;
    },
    [region],
  );
}

/** Read and patch the page's own filter params (kept in the URL next to `region`). */
export function useFilters<K extends string>(
  keys: readonly K[],
): [Record<K, string>, (patch: Partial<Record<K, string | null>>) => void] {
  const [params, setParams] = useSearchParams();
  const values = {} as Record<K, string>;
  for (const k of keys) values[k] = params.get(k) ?? '';
  const patch = useCallback(
    (p: Partial<Record<K, string | null>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(p) as [string, string | null | undefined][]) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return [values, patch];
}
