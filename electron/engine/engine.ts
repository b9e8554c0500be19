/**
 * The engine as the main process sees it: `generate(packageDir, spec)` runs in a worker
 * thread, reports progress, can be cancelled, and fails the job — not the app — if the
 * worker dies. A new worker starts on the next job.
 */
import { Worker } from 'node:worker_threads';
import type { TakeMetrics } from './metrics';
import { CancelledError, type GeneratedClip } from './pipeline';
import type { ProviderChoice } from './package/providers';
import type { ShotSpec } from './spec';
import type { FromWorker, ToWorker } from './worker-protocol';

export class EngineError extends Error {
  constructor(readonly kind: string, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface RunOptions {
  onProgress?: (step: number, steps: number) => void;
  onLoaded?: (provider: string) => void;
  signal?: AbortSignal;
  /** false: generate with the object control off (see GenerateOptions.objectControl); default true */
  objectControl?: boolean;
  /** false: no camera projection (see GenerateOptions.cameraProjection); default true */
  cameraProjection?: boolean;
}

export interface EngineResult { clip: GeneratedClip; metrics: TakeMetrics }

interface Pending { resolve: (result: EngineResult) => void; reject: (err: Error) => void; options: RunOptions; cancel: Int32Array }

export class Engine {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerFile: string, private readonly provider: ProviderChoice = {}) {}

  generate(packageDir: string, spec: ShotSpec, options: RunOptions = {}): Promise<EngineResult> {
    const id = this.nextId++;
    const cancel = new SharedArrayBuffer(4);
    const flag = new Int32Array(cancel);
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    options.signal?.addEventListener('abort', () => Atomics.store(flag, 0, 1), { once: true });
    return new Promise<EngineResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, options, cancel: flag });
      const message: ToWorker = {
        type: 'generate', id, packageDir, spec, provider: this.provider, cancel, objectControl: options.objectControl ?? true,
        cameraProjection: options.cameraProjection ?? true,
      };
      this.ensureWorker().postMessage(message);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
    this.failAll(new EngineError('closed', 'the engine was shut down'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile);
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (err) => this.crashed(worker, `the engine worker crashed: ${err.message}`));
    worker.on('exit', (code) => this.crashed(worker, `the engine worker exited (code ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private receive(message: FromWorker): void {
    const job = this.pending.get(message.id);
    if (!job) return;
    // This runs in the worker's 'message' listener, where a throw would end the process:
    // a caller's callback that throws fails its own job (stopped at the next step) instead.
    try {
      if (message.type === 'loaded') job.options.onLoaded?.(message.provider);
      else if (message.type === 'progress') job.options.onProgress?.(message.step, message.steps);
    } catch (err) {
      this.pending.delete(message.id);
      Atomics.store(job.cancel, 0, 1);
      job.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (message.type === 'done' || message.type === 'error') {
      this.pending.delete(message.id);
      if (message.type === 'done') job.resolve({ clip: message.clip, metrics: message.metrics });
      else if (message.error.name === 'CancelledError') job.reject(new CancelledError());
      else job.reject(new EngineError(message.error.name, message.error.message));
    }
  }

  private crashed(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(new EngineError('crash', reason));
  }

  private failAll(err: Error): void {
    for (const job of this.pending.values()) job.reject(err);
    this.pending.clear();
  }
}
