/**
 * The guidance batch split over two threads. A UNet step runs the conditional and the
 * unconditional half of the batch; on the CPU provider the engine runs the unconditional
 * half on a thread of its own, in its own session, while its own thread runs the
 * conditional half, each with half of the CPU threads. Two independent halves keep both
 * cores busy without onnxruntime's per-operator hand-offs between its intra-op threads:
 * on this 2-core machine a step of the built-in model takes a third less time than the
 * batch of 2 on 2 intra-op threads (BENCHMARKS.md).
 *
 * The helper thread is the engine worker's own bundle started with a role
 * (`HALF_ROLE`, served by guidance-half-thread.ts). Each run carries all of the half's
 * inputs (0.3 MB for the built-in model), so the helper keeps no state between runs. When
 * the helper thread is gone (it failed, or was released), `run` rejects with a
 * GuidanceHalfError and `alive` turns false; UnetStep then runs the whole batch itself.
 */
import { Worker } from 'node:worker_threads';
import type { InferenceSession } from 'onnxruntime-node';

export const HALF_ROLE = 'unet-guidance-half';

/** What the helper thread starts with (its workerData). */
export interface HalfWorkerData {
  role: typeof HALF_ROLE;
  /** the UNet graph's file */
  model: string;
  options: InferenceSession.SessionOptions;
}

/** One input of a single-sample run: the values and their shape (batch 1). */
export interface HalfInput {
  data: Float32Array;
  dims: number[];
}

export type ToHalf = { type: 'run'; id: number; feeds: Record<string, HalfInput>; output: string };
export type FromHalf =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; prediction: Float32Array }
  | { type: 'error'; id: number; message: string };

export class GuidanceHalfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuidanceHalfError';
  }
}

interface Pending {
  resolve: (prediction: Float32Array) => void;
  reject: (err: Error) => void;
}

export class GuidanceHalf {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopped: string | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: FromHalf) => this.receive(message));
    worker.on('error', (err) => this.stop(`the guidance half's thread failed: ${err.message}`));
    worker.on('exit', (code) => this.stop(`the guidance half's thread exited (code ${code})`));
  }

  /**
   * Starts the helper thread from `file` (the engine worker's bundle) and opens `model` in
   * it with `options`; rejects with a GuidanceHalfError when the thread or the session
   * cannot start.
   */
  static open(file: string, model: string, options: InferenceSession.SessionOptions): Promise<GuidanceHalf> {
    const workerData: HalfWorkerData = { role: HALF_ROLE, model, options };
    return new Promise((resolve, reject) => {
      let worker: Worker;
      try {
        worker = new Worker(file, { workerData });
      } catch (err) {
        reject(new GuidanceHalfError(`the guidance half's thread could not start: ${(err as Error).message}`));
        return;
      }
      worker.unref();
      // only these listeners come off: Node's own 'newListener' hooks keep the worker's port open
      const detach = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const fail = (message: string): void => {
        detach();
        void worker.terminate();
        reject(new GuidanceHalfError(message));
      };
      const onMessage = (message: FromHalf): void => {
        if (message.type !== 'ready') {
          fail(`the guidance half's session could not open: ${message.type === 'failed' ? message.message : message.type}`);
          return;
        }
        detach();
        resolve(new GuidanceHalf(worker));
      };
      const onError = (err: Error): void => fail(`the guidance half's thread failed: ${err.message}`);
      const onExit = (code: number): void => fail(`the guidance half's thread exited (code ${code}) before its session opened`);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  }

  /** false once the helper thread has stopped; runs then reject */
  get alive(): boolean {
    return this.stopped === null;
  }

  /** One run of batch 1 with `feeds`; resolves with the `output` values. */
  run(feeds: Record<string, HalfInput>, output: string): Promise<Float32Array> {
    if (this.stopped !== null) return Promise.reject(new GuidanceHalfError(this.stopped));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: ToHalf = { type: 'run', id, feeds, output };
      this.worker.postMessage(message);
    });
  }

  async release(): Promise<void> {
    this.stop('the guidance half was released');
    await this.worker.terminate();
  }

  private receive(message: FromHalf): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.type === 'result') waiting.resolve(message.prediction);
    else waiting.reject(new GuidanceHalfError(`the guidance half's run failed: ${message.message}`));
  }

  private stop(reason: string): void {
    this.stopped ??= reason;
    for (const waiting of this.pending.values()) waiting.reject(new GuidanceHalfError(reason));
    this.pending.clear();
  }
}

/** Intra-op threads for each half: the first (the caller's) gets the smaller share. */
export function splitThreads(total: number): [number, number] {
  const own = Math.max(1, Math.floor(total / 2));
  return [own, Math.max(1, total - own)];
}
