/**
 * A short in-process cache for what the public pages read (a station's rota, deputies, board and
 * counts). A station's QR code is scanned by a crowd at a market day: most requests then ask for
 * the same page within seconds. Every successful write through the API clears it (see
 * `clearOnWrite`), so one process never serves stale data after its own writes; other processes
 * behind the load balancer see a change within the TTL.
 */
const TTL_MS = 30_000;
const MAX_ENTRIES = 2_000;

const entries = new Map<string, { until: number; value: Promise<unknown> }>();

export async function cached<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.value as Promise<T>;
  if (entries.size >= MAX_ENTRIES) entries.clear();
  const value = load();
  entries.set(key, { until: now + TTL_MS, value });
  // A failed load is not remembered.
  value.catch(() => entries.delete(key));
  return value;
}

export function clearPublicCache() {
  entries.clear();
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** onResponse hook: any successful write may change what a public page shows. */
export function clearOnWrite(request: { method: string }, reply: { statusCode: number }, done: () => void) {
  if (WRITES.has(request.method) && reply.statusCode < 400) entries.clear();
  done();
}
