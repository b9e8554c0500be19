/**
 * One profiled run of a graph: a session of its own with onnxruntime's profiler on, a
 * warm-up run, then the run whose operators are read back (flops.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { lastRun, readProfile, summarize, type RunSummary } from './flops';

export async function profileRun(
  graph: string, feeds: Record<string, ort.Tensor>, options: ort.InferenceSession.SessionOptions,
): Promise<RunSummary & { runMicros: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'directa-profile-'));
  try {
    const session = await ort.InferenceSession.create(graph, {
      ...options, enableProfiling: true, profileFilePrefix: path.join(dir, 'profile'),
    });
    try {
      await session.run(feeds);
      await session.run(feeds);
      session.endProfiling();
    } finally {
      await session.release();
    }
    const file = fs.readdirSync(dir).find((name) => name.endsWith('.json'));
    if (!file) throw new Error('onnxruntime wrote no profile');
    const { runMicros, nodes } = lastRun(readProfile(path.join(dir, file)));
    return { ...summarize(nodes), runMicros };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
