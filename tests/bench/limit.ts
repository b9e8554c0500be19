/**
 * How close the UNet step is to what the CPU can do: its FLOPs (counted from one profiled
 * run of the graph), the GFLOP/s a measured step time achieves, its fraction of the CPU's
 * measured matrix-product peak, and the operators the time goes to.
 */
import type * as ort from 'onnxruntime-node';
import type { RunSummary } from './flops';
import { matmulPeak, type Peak } from './peak';
import { profileRun } from './profile';

export interface Limit { peak: Peak; profile: RunSummary & { runMicros: number } }

/** The profile runs with `options`; the peak is the better of them with the threads
 * sleeping and spinning between operators (a peak is what the hardware can do). */
export async function measureLimit(graph: string, feeds: Record<string, ort.Tensor>, options: ort.InferenceSession.SessionOptions): Promise<Limit> {
  const profile = await profileRun(graph, feeds, options);
  const spinning = { ...options, extra: { session: { 'intra_op.allow_spinning': '1' } } };
  const peaks = [await matmulPeak(options), await matmulPeak(spinning)];
  return { peak: peaks.reduce((a, b) => (a.gflops >= b.gflops ? a : b)), profile };
}

const ms = (micros: number): string => `${(micros / 1000).toFixed(1)} ms`;

/** Lines for the report: the limit and the distance to it at `stepSeconds`, then the top operators. */
export function limitLines(limit: Limit, stepSeconds: number, threads: number, top = 10): string[] {
  const { peak, profile } = limit;
  const gflop = profile.flops / 1e9;
  const achieved = gflop / stepSeconds;
  const lines = [
    `fp32 matrix-product peak (onnxruntime MatMul ${peak.size}x${peak.size}x${peak.size}, ${threads} threads, best run, threads sleeping or spinning): ${peak.gflops.toFixed(0)} GFLOP/s`,
    `UNet step work (matrix products, convolutions and attention in the profiled graph): ${gflop.toFixed(1)} GFLOP`
      + (profile.uncounted.length ? ` (${profile.uncounted.length} operators without shapes not counted, e.g. ${profile.uncounted[0]})` : ''),
    `UNet step at ${stepSeconds.toFixed(3)} s: ${achieved.toFixed(1)} GFLOP/s = ${((100 * achieved) / peak.gflops).toFixed(0)}% of the peak; `
      + `at the peak the step would take ${(gflop / peak.gflops).toFixed(3)} s`,
    `profiled step: ${ms(profile.runMicros)} (operators ${ms(profile.kernelMicros)}); the ${top} most expensive operators:`,
  ];
  for (const op of profile.operators.slice(0, top)) {
    const rate = op.flops > 0 ? `, ${(op.flops / 1e9 / (op.micros / 1e6)).toFixed(1)} GFLOP/s on ${(op.flops / 1e9).toFixed(2)} GFLOP` : '';
    lines.push(`  ${op.op.padEnd(22)} ${(100 * op.share).toFixed(1).padStart(5)}%  ${ms(op.micros).padStart(9)}  ${String(op.nodes).padStart(4)} nodes${rate}`);
  }
  return lines;
}
