/**
 * The hotspot clustering, off the main thread: a county's cases take seconds of CPU, which on the
 * event loop would stall every request of the process meanwhile. Pure: documents in, hotspots out.
 */
import { parentPort } from 'node:worker_threads';
import { findHotspots, type HotspotDoc, type HotspotOptions } from '@lianluo/text';

parentPort?.on('message', (m: { id: number; docs: HotspotDoc[]; opts: HotspotOptions }) => {
  try {
    parentPort?.postMessage({ id: m.id, result: findHotspots(m.docs, m.opts) });
  } catch (err) {
    parentPort?.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
