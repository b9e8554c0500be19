"""How close a UNet step is to what the device can do: the device's measured fp32
matrix-product peak, the step's work in FLOPs, and where a profiled onnxruntime run spends
its time. The Python side of npm run bench's figures (tests/bench/peak.ts, flops.ts,
limit.ts), for models the app does not ship (bench_zeroscope.py).

FLOPs are the multiply-adds of matrix products, convolutions and attention, two FLOPs each,
as PyTorch's FlopCounterMode counts them; element-wise operators, norms and softmax count 0.

* ``model_flops``: the work of one forward of a PyTorch module, counted by FlopCounterMode
  on a copy of it on the meta device (no weights, no arithmetic: seconds even at 1.5 B
  parameters).
* ``profile_summary``: the work onnxruntime executed in the last run of a profile, from the
  shapes each operator ran on, and the operators by time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from onnx import TensorProto, helper
from torch import nn
from torch.utils import flop_counter

from .bench_step import timed

# F.scaled_dot_product_attention runs this kernel on the CPU; FlopCounterMode has no formula
# for it (it has one for the CUDA kernels), so its work would count as 0.
_CPU_FLASH_ATTENTION = torch.ops.aten._scaled_dot_product_flash_attention_for_cpu
if _CPU_FLASH_ATTENTION not in flop_counter.flop_registry:
    flop_counter.register_flop_formula(_CPU_FLASH_ATTENTION, get_raw=True)(flop_counter.sdpa_flop)

#: operators that run a subgraph: the profile lists every node inside them too
CONTROL_FLOW = frozenset({"If", "Loop", "Scan"})


@dataclass(frozen=True)
class Peak:
    gflops: float
    size: int
    seconds: float
    how: str


def matmul_graph() -> bytes:
    """c = a @ b over float32 [M, K] x [K, N] of free sizes."""
    f32 = TensorProto.FLOAT
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["c"])], "matmul",
        [helper.make_tensor_value_info("a", f32, ["M", "K"]), helper.make_tensor_value_info("b", f32, ["K", "N"])],
        [helper.make_tensor_value_info("c", f32, ["M", "N"])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8).SerializeToString()


def ort_matmul_peak(options: ort.SessionOptions, providers: Sequence[str], size: int = 2048, runs: int = 4) -> Peak:
    """The best of ``runs`` square float32 MatMuls in onnxruntime with the step's session settings."""
    session = ort.InferenceSession(matmul_graph(), options, providers=list(providers))
    values = (np.arange(size * size, dtype=np.float32).reshape(size, size) % 1000) / 1000 - 0.5
    seconds = min(timed(lambda: session.run(None, {"a": values, "b": values}), 1, runs))
    return Peak(2 * size**3 / seconds / 1e9, size, seconds, f"onnxruntime MatMul {size}^3 on {providers[0]}")


def torch_matmul_peak(device: str, size: int = 2048, runs: int = 4) -> Peak:
    """The best of ``runs`` square float32 matrix products in PyTorch on ``device`` (TF32 as
    PyTorch's default leaves it: off for matrix products)."""
    a = torch.rand(size, size, device=device) - 0.5
    sync = torch.cuda.synchronize if device.startswith("cuda") else (lambda: None)
    seconds = min(timed(lambda: torch.mm(a, a), 1, runs, sync))
    return Peak(2 * size**3 / seconds / 1e9, size, seconds, f"torch.mm {size}^3 on {device}")


def model_flops(build: Callable[[], nn.Module], args: Sequence[torch.Tensor]) -> tuple[int, dict[str, int]]:
    """FLOPs of one forward of the module ``build`` makes, called with tensors shaped like
    ``args``: total and per aten operator. ``build`` runs under the meta device."""
    with torch.device("meta"):
        module = build().eval()
    meta_args = [arg.to("meta") for arg in args]
    with torch.inference_mode(), flop_counter.FlopCounterMode(display=False) as counter:
        module(*meta_args)
    by_op = {str(op): int(count) for op, count in counter.get_flop_counts().get("Global", {}).items()}
    return int(counter.get_total_flops()), by_op


@dataclass
class NodeRun:
    """One operator run from an onnxruntime profile."""

    name: str
    op: str
    micros: float
    inputs: list[list[int]]
    outputs: list[list[int]]


def _contracted(a: Sequence[int], out: Sequence[int]) -> int | None:
    """The contracted size of a product with left operand ``a`` ([..., M, K], or [K, M]
    transposed) and result ``out``."""
    if not a or not out:
        return None
    if len(a) == 1:
        return a[0]
    return a[-1] if a[-2] == out[-2] else a[-2]


def node_flops(op: str, inputs: Sequence[Sequence[int]], outputs: Sequence[Sequence[int]]) -> int | None:
    """FLOPs of one operator run: 0 for operators that are not products, convolutions or
    attention, None when a shape the count needs is missing (weights prepacked at load time
    drop out of the profile's input shapes, so products count from the activation and the
    output)."""
    out = list(outputs[0]) if outputs else None
    if op in ("MatMul", "FusedMatMul", "Gemm", "FusedGemm"):
        k = _contracted(inputs[0], out) if inputs and out else None
        return None if k is None or out is None else 2 * int(np.prod(out)) * k
    if op in ("Conv", "FusedConv"):
        weight = inputs[1] if len(inputs) > 1 else None
        return None if out is None or weight is None or len(weight) < 3 else 2 * int(np.prod(out)) * int(
            np.prod(weight[1:]))
    if op == "Attention" and len(inputs) >= 3 and len(inputs[0]) == 4:  # ONNX Attention on [B, N, S, H]
        query, key, value = inputs[:3]
        return 2 * query[0] * query[1] * query[2] * key[2] * (query[3] + value[3])
    if op in ("MultiHeadAttention", "Attention"):  # query [B, S, D]; key [B, L, D] or [B, N, L, H]; value likewise
        if len(inputs) < 3 or len(inputs[0]) != 3:
            return None
        query, key, value = inputs[:3]
        length = key[2] if len(key) == 4 else key[1]
        value_width = value[1] * value[3] if len(value) == 4 else value[2]
        return 2 * query[0] * query[1] * length * (query[2] + value_width)
    return 0


def _shapes(entries: list[dict[str, list[int]]] | None) -> list[list[int]]:
    return [next(iter(entry.values()), []) for entry in entries or []]


def last_run(events: Sequence[dict]) -> tuple[float, list[NodeRun]]:
    """The duration (µs) and operator runs of the last graph run in a profile."""
    runs = [e for e in events if e.get("cat") == "Session" and e.get("name") == "model_run"]
    if not runs:
        raise ValueError("the onnxruntime profile has no model_run event")
    last = runs[-1]
    nodes = [
        NodeRun(e["name"].removesuffix("_kernel_time"), e.get("args", {}).get("op_name", "?"), e["dur"],
                _shapes(e.get("args", {}).get("input_type_shape")), _shapes(e.get("args", {}).get("output_type_shape")))
        for e in events
        if e.get("cat") == "Node" and e.get("name", "").endswith("_kernel_time")
        and last["ts"] <= e["ts"] <= last["ts"] + last["dur"]
    ]
    return float(last["dur"]), nodes


@dataclass
class OperatorShare:
    op: str
    nodes: int = 0
    micros: float = 0.0
    flops: int = 0
    share: float = 0.0


@dataclass
class RunSummary:
    run_micros: float
    flops: int
    #: sum of the operators' own times (µs), the denominator of each share
    kernel_micros: float
    operators: list[OperatorShare]
    #: operator runs whose FLOPs the profile's shapes could not give
    uncounted: list[str] = field(default_factory=list)


def summarize(nodes: Sequence[NodeRun], run_micros: float) -> RunSummary:
    """The run's FLOPs and its operators by total time, most expensive first (nodes inside an
    If count, the If itself does not)."""
    by_op: dict[str, OperatorShare] = {}
    flops, kernel, uncounted = 0, 0.0, []
    for node in nodes:
        if node.op in CONTROL_FLOW:
            continue
        count = node_flops(node.op, node.inputs, node.outputs)
        if count is None:
            uncounted.append(f"{node.op} {node.name}")
        entry = by_op.setdefault(node.op, OperatorShare(node.op))
        entry.nodes += 1
        entry.micros += node.micros
        entry.flops += count or 0
        flops += count or 0
        kernel += node.micros
    operators = sorted(by_op.values(), key=lambda e: e.micros, reverse=True)
    for entry in operators:
        entry.share = entry.micros / kernel if kernel > 0 else 0.0
    return RunSummary(run_micros, flops, kernel, operators, uncounted)


def profile_summary(path: Path) -> RunSummary:
    """Summary of the last run in an onnxruntime profile file."""
    run_micros, nodes = last_run(json.loads(path.read_text(encoding="utf-8")))
    return summarize(nodes, run_micros)


def operator_lines(summary: RunSummary, top: int = 10) -> list[str]:
    """One line per operator among the ``top`` most expensive: share, time, nodes, rate."""
    lines = []
    for entry in summary.operators[:top]:
        rate = ""
        if entry.flops > 0 and entry.micros > 0:
            rate = f", {entry.flops / 1e9 / (entry.micros / 1e6):.1f} GFLOP/s on {entry.flops / 1e9:.2f} GFLOP"
        lines.append(f"  {entry.op:<22} {100 * entry.share:5.1f}%  {entry.micros / 1e3:10.1f} ms  "
                     f"{entry.nodes:5d} nodes{rate}")
    return lines
