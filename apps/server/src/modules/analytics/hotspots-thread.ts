/**
 * Runs findHotspots in a worker thread (hotspots.worker.ts), one job at a time in a lazily
 * started, unref'd worker, so the clustering never holds the event loop. Should the worker not
 * start (e.g. its script missing), it falls back to computing inline.
 */
import { Worker } from 'node:worker_threads';
import { findHotspots, type Hotspot, type HotspotDoc, type HotspotOptions } from '@lianluo/text';

type Pending = { resolve: (h: Hotspot[]) => void; reject: (e: Error) => void };

let worker: Worker | null = null;
let broken = false;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(err: Error) {
  for (const p of pending.values()) p.reject(err);
  pending.clear();
  worker = null;
}

/**
 * From the sources the server runs its TypeScript through tsx, whose loader a worker does not
 * inherit from `--import`: the worker registers it first, then loads the script.
 */
function sourceWorker(): Worker {
  const script = new URL('./hotspots.worker.ts', import.meta.url).href;
  const api = import.meta.resolve('tsx/esm/api');
  return new Worker(
    `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script)}); });`,
    { eval: true },
  );
}

/**
 * The bundle (scripts/build-server.mjs) has the worker as its own entry, dist/hotspots.worker.js,
 * beside the file this code is bundled into: plain JavaScript, no loader.
 */
function bundledWorkerUrl(): URL {
  return new URL('./hotspots.worker.js', import.meta.url);
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = import.meta.url.endsWith('.ts') ? sourceWorker() : new Worker(bundledWorkerUrl());
  w.on('message', (m: { id: number; result?: Hotspot[]; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result ?? []);
  });
  w.on('error', (err) => failAll(err));
  w.on('exit', () => {
    if (worker === w) failAll(new Error('hotspot worker exited'));
  });
  // Referenced only while it has work (set after the listeners, which ref it again): an idle
  // worker never keeps the process up.
  w.unref();
  worker = w;
  return w;
}

/** True once a computation has run in the worker thread (false after a fallback). */
export function hotspotsRunOffThread(): boolean {
  return worker !== null && !broken;
}

export async function findHotspotsOffThread(docs: HotspotDoc[], opts: HotspotOptions): Promise<Hotspot[]> {
  if (broken) return findHotspots(docs, opts);
  try {
    const w = ensureWorker();
    const id = nextId++;
    return await new Promise<Hotspot[]>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, docs, opts });
    });
  } catch {
    // The worker could not run: compute here rather than fail the request.
    broken = true;
    return findHotspots(docs, opts);
  }
}
