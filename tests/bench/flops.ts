/**
 * The work of a graph run, counted from onnxruntime's profile of it: each node event carries
 * the operator and the shapes it ran on (inputs that are weights packed at load time are
 * left out, so the count uses the activations' and the output's shapes, and a convolution's
 * weight, which the profile keeps). Counted are the multiply-adds of matrix products and
 * convolutions, two FLOPs each, as PyTorch's FlopCounter does; element-wise operators,
 * norms and softmax count 0.
 */
import fs from 'node:fs';

type Shapes = Array<Record<string, number[]>>;

/** One operator run from onnxruntime's profile (a "Node" event of kind "…_kernel_time"). */
export interface NodeRun {
  name: string;
  op: string;
  /** microseconds */
  duration: number;
  inputs: number[][];
  outputs: number[][];
}

interface TraceEvent {
  cat?: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string; input_type_shape?: Shapes; output_type_shape?: Shapes };
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);
const shapes = (list: Shapes | undefined): number[][] => (list ?? []).map((entry) => Object.values(entry)[0] ?? []);

/** The contracted size of a product whose left operand is `a` and result `out`
 * ([…, M, K] × [K, N] or, transposed, [K, M]). */
function contracted(a: readonly number[], out: readonly number[]): number | null {
  if (a.length === 0 || out.length === 0) return null;
  if (a.length === 1) return a[0]!;
  return a[a.length - 2] === out[out.length - 2] ? a[a.length - 1]! : a[a.length - 2]!;
}

/** FLOPs of one operator run, 0 for operators that are not products or convolutions and
 * null when the profile lacks a shape the count needs. */
export function nodeFlops(run: Pick<NodeRun, 'op' | 'inputs' | 'outputs'>): number | null {
  const out = run.outputs[0];
  switch (run.op) {
    case 'MatMul':
    case 'FusedMatMul':
    case 'Gemm':
    case 'FusedGemm': {
      const k = out && run.inputs[0] ? contracted(run.inputs[0], out) : null;
      return k === null || !out ? null : 2 * product(out) * k;
    }
    case 'Conv':
    case 'FusedConv': {
      const weight = run.inputs[1];
      return !out || !weight || weight.length < 3 ? null : 2 * product(out) * product(weight.slice(1));
    }
    case 'MultiHeadAttention':
    case 'Attention': {
      // query [B, S, D]; key [B, L, D] or [B, N, L, H]; value likewise with Dv; ONNX
      // Attention may also take all three as [B, N, S or L, H]
      const [q, k, v] = run.inputs;
      if (run.op === 'Attention' && q?.length === 4 && k?.length === 4 && v?.length === 4) {
        return 2 * q[0]! * q[1]! * q[2]! * k[2]! * (q[3]! + v[3]!);
      }
      if (!q || q.length !== 3 || !k || !v) return null;
      const length = k.length === 4 ? k[2]! : k[1]!;
      const vWidth = v.length === 4 ? v[1]! * v[3]! : v[2]!;
      return 2 * q[0]! * q[1]! * length * (q[2]! + vWidth);
    }
    default:
      return 0;
  }
}

/** The operator runs of the last graph run in a profile file (the runs before it warm up). */
export function lastRun(events: readonly TraceEvent[]): { runMicros: number; nodes: NodeRun[] } {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run');
  const last = runs[runs.length - 1];
  if (!last) throw new Error('the profile has no model_run event');
  const nodes = events
    .filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= last.ts && e.ts <= last.ts + last.dur)
    .map((e) => ({
      name: e.name.replace(/_kernel_time$/, ''),
      op: e.args?.op_name ?? '?',
      duration: e.dur,
      inputs: shapes(e.args?.input_type_shape),
      outputs: shapes(e.args?.output_type_shape),
    }));
  return { runMicros: last.dur, nodes };
}

export function readProfile(file: string): TraceEvent[] {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as TraceEvent[];
}

export interface OperatorShare { op: string; nodes: number; micros: number; share: number; flops: number }

export interface RunSummary {
  flops: number;
  /** operator runs whose FLOPs the profile's shapes could not give */
  uncounted: string[];
  /** sum of the operators' own times (µs), the denominator of each share */
  kernelMicros: number;
  operators: OperatorShare[];
}

/** Operators that run a subgraph: the profile also lists every node inside, so their own
 * time would count those nodes twice. */
export const CONTROL_FLOW = new Set(['If', 'Loop', 'Scan']);

/** FLOPs of a run and its operators by total time, most expensive first (the nodes inside
 * an If count, the If itself does not). */
export function summarize(nodes: readonly NodeRun[]): RunSummary {
  const byOp = new Map<string, OperatorShare>();
  let flops = 0;
  let kernelMicros = 0;
  const uncounted: string[] = [];
  for (const node of nodes) {
    if (CONTROL_FLOW.has(node.op)) continue;
    const f = nodeFlops(node);
    if (f === null) uncounted.push(`${node.op} ${node.name}`);
    flops += f ?? 0;
    kernelMicros += node.duration;
    const entry = byOp.get(node.op) ?? { op: node.op, nodes: 0, micros: 0, share: 0, flops: 0 };
    entry.nodes += 1;
    entry.micros += node.duration;
    entry.flops += f ?? 0;
    byOp.set(node.op, entry);
  }
  const operators = [...byOp.values()]
    .map((e) => ({ ...e, share: kernelMicros > 0 ? e.micros / kernelMicros : 0 }))
    .sort((a, b) => b.micros - a.micros);
  return { flops, uncounted, kernelMicros, operators };
}
