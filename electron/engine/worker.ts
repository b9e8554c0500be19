/**
 * The engine's worker thread. onnxruntime-node's `run` blocks the thread it runs on, so
 * generation happens here and the main process stays responsive. Packages stay loaded
 * between jobs (package/cache.ts); cancellation is a flag in shared memory read between steps.
 *
 * The same bundle, started by this worker with the role HALF_ROLE, is the thread that runs
 * the unconditional half of each guidance batch (guidance-half.ts).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { HALF_ROLE, type HalfWorkerData } from './guidance-half';
import { serveGuidanceHalf } from './guidance-half-thread';
import { PackageCache } from './package/cache';
import { loadPackage } from './package/loader';
import { computeMetrics } from './metrics';
import { generate } from './pipeline';
import type { FromWorker, ToWorker } from './worker-protocol';

if (!parentPort) throw new Error('the engine worker must run in a worker thread');
if ((workerData as Partial<HalfWorkerData> | null)?.role === HALF_ROLE) serveGuidanceHalf(parentPort, workerData as HalfWorkerData);
else serveJobs(parentPort);

function serveJobs(port: MessagePort): void {
  // this bundle's own file starts the guidance half's thread
  const packages = new PackageCache((dir, choice) => loadPackage(dir, choice, { halfWorker: __filename }));

  const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => {
    port.postMessage(message, transfer);
  };

  let queue = Promise.resolve();
  port.on('message', (message: ToWorker) => {
    // one job at a time: a second waits for the first
    queue = queue.then(async () => {
      const flag = new Int32Array(message.cancel);
      try {
        const pkg = await packages.get(message.packageDir, message.provider);
        post({ type: 'loaded', id: message.id, provider: pkg.provider });
        const clip = await generate(pkg, message.spec, {
          isCancelled: () => Atomics.load(flag, 0) === 1,
          objectControl: message.objectControl,
          cameraProjection: message.cameraProjection,
          onProgress: (step, steps) => post({ type: 'progress', id: message.id, step, steps }),
        });
        const frames = clip.frames.map((data) => ({ width: clip.width, height: clip.height, data }));
        const metrics = computeMetrics(frames, clip.boxes, message.spec, pkg.manifest.locator);
        post({ type: 'done', id: message.id, clip, metrics }, clip.frames.map((f) => f.buffer as ArrayBuffer));
      } catch (err) {
        const e = err instanceof Error ? err : new Error(String(err));
        post({ type: 'error', id: message.id, error: { name: e.name, message: e.message } });
      }
    });
  });
}
