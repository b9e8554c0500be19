/**
 * The benchmark's FLOP counter: on a real profile of the one-MatMul asset, and on operator
 * runs written out by hand for each kind it counts.
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { lastRun, nodeFlops, summarize, type NodeRun } from '../bench/flops';
import { MATMUL_GRAPH } from '../bench/peak';
import { profileRun } from '../bench/profile';

const run = (op: string, inputs: number[][], outputs: number[][], duration = 1): NodeRun => ({ name: op, op, duration, inputs, outputs });

describe('FLOP counter', () => {
  it('counts a profiled MatMul of 64x32 by 32x16 as 2*64*32*16', async () => {
    const a = new ort.Tensor('float32', new Float32Array(64 * 32).fill(0.5), [64, 32]);
    const b = new ort.Tensor('float32', new Float32Array(32 * 16).fill(0.25), [32, 16]);
    const summary = await profileRun(MATMUL_GRAPH, { a, b }, { intraOpNumThreads: 1 });
    expect(summary.flops).toBe(2 * 64 * 32 * 16);
    expect(summary.uncounted).toEqual([]);
    expect(summary.operators).toHaveLength(1);
    expect(summary.operators[0]).toMatchObject({ op: 'MatMul', nodes: 1, share: 1, flops: 2 * 64 * 32 * 16 });
    expect(summary.runMicros).toBeGreaterThanOrEqual(summary.kernelMicros);
  });

  it('counts products, convolutions and attention from their shapes', () => {
    expect(nodeFlops(run('MatMul', [[2, 5, 3]], [[2, 5, 7]]))).toBe(2 * 2 * 5 * 7 * 3); // weight packed: out x K
    expect(nodeFlops(run('Gemm', [[10, 4], [6]], [[10, 6]]))).toBe(2 * 10 * 6 * 4);
    expect(nodeFlops(run('Gemm', [[4, 10]], [[10, 6]]))).toBe(2 * 10 * 6 * 4); // transposed A
    expect(nodeFlops(run('FusedMatMul', [[3, 8, 16], [3, 16, 8]], [[3, 8, 8]]))).toBe(2 * 3 * 8 * 8 * 16);
    expect(nodeFlops(run('Conv', [[1, 4, 9, 9], [8, 4, 3, 3], [8]], [[1, 8, 9, 9]]))).toBe(2 * 8 * 81 * 4 * 9);
    expect(nodeFlops(run('Conv', [[1, 8, 9, 9], [8, 2, 3, 1]], [[1, 8, 9, 9]]))).toBe(2 * 8 * 81 * 2 * 3); // grouped
    expect(nodeFlops(run('MultiHeadAttention', [[2, 10, 32], [2, 6, 32], [2, 6, 32]], [[2, 10, 32]]))).toBe(2 * 2 * 10 * 6 * 64);
    expect(nodeFlops(run('MultiHeadAttention', [[2, 10, 32], [2, 4, 6, 8], [2, 4, 6, 8]], [[2, 10, 32]]))).toBe(2 * 2 * 10 * 6 * 64);
    expect(nodeFlops(run('Attention', [[2, 10, 32], [2, 6, 32], [2, 6, 32], [2, 1, 10, 6]], [[2, 10, 32]]))).toBe(2 * 2 * 10 * 6 * 64);
    expect(nodeFlops(run('Attention', [[2, 4, 10, 8], [2, 4, 6, 8], [2, 4, 6, 8]], [[2, 4, 10, 8]]))).toBe(2 * 2 * 10 * 6 * 64);
    expect(nodeFlops(run('Add', [[4, 4], [4, 4]], [[4, 4]]))).toBe(0);
    expect(nodeFlops(run('Conv', [[1, 4, 9, 9]], [[1, 8, 9, 9]]))).toBeNull(); // no weight shape
  });

  it('sums a run by operator, most expensive first, and names what it could not count', () => {
    const summary = summarize([
      run('Conv', [[1, 1, 2, 2], [1, 1, 1, 1]], [[1, 1, 2, 2]], 30),
      run('Add', [[4]], [[4]], 10),
      run('Conv', [[1, 1, 2, 2]], [[1, 1, 2, 2]], 60),
      run('If', [[]], [[1, 1, 2, 2]], 90), // its inner nodes are the runs above
    ]);
    expect(summary.flops).toBe(8);
    expect(summary.kernelMicros).toBe(100);
    expect(summary.operators.map((o) => [o.op, o.nodes, o.share])).toEqual([['Conv', 2, 0.9], ['Add', 1, 0.1]]);
    expect(summary.uncounted).toEqual(['Conv Conv']);
  });

  it('reads the last run of a profile only', () => {
    const node = (ts: number, op: string) => ({ cat: 'Node', name: `${op}_kernel_time`, ts, dur: 5, args: { op_name: op, input_type_shape: [{ float: [2, 3] }], output_type_shape: [{ float: [2, 4] }] } });
    const events = [
      { cat: 'Session', name: 'model_run', ts: 0, dur: 100 }, node(10, 'Gemm'),
      { cat: 'Session', name: 'model_run', ts: 200, dur: 100 }, node(210, 'MatMul'), { cat: 'Node', name: 'MatMul_fence_before', ts: 209, dur: 0 },
    ];
    const { runMicros, nodes } = lastRun(events);
    expect(runMicros).toBe(100);
    expect(nodes).toEqual([{ name: 'MatMul', op: 'MatMul', duration: 5, inputs: [[2, 3]], outputs: [[2, 4]] }]);
  });
});
