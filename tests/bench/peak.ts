/**
 * The CPU's float32 matrix-product peak as onnxruntime reaches it: one large square MatMul
 * (tests/bench/assets/matmul.onnx, inputs a [M, K] and b [K, N] of free sizes) with the
 * engine's thread count; the best of a few runs, as a peak is what the hardware can do.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';

export const MATMUL_GRAPH = path.resolve('tests/bench/assets/matmul.onnx');

export interface Peak { gflops: number; size: number; seconds: number }

export async function matmulPeak(options: ort.InferenceSession.SessionOptions, size = 2048, runs = 8): Promise<Peak> {
  const session = await ort.InferenceSession.create(MATMUL_GRAPH, options);
  try {
    const values = new Float32Array(size * size);
    for (let i = 0; i < values.length; i++) values[i] = ((i * 7919) % 1000) / 1000 - 0.5;
    const feeds = { a: new ort.Tensor('float32', values, [size, size]), b: new ort.Tensor('float32', values, [size, size]) };
    await session.run(feeds);
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await session.run(feeds);
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return { gflops: (2 * size ** 3) / best / 1e9, size, seconds: best };
  } finally {
    await session.release();
  }
}
