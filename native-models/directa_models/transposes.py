"""Graph pass: a temporal transformer's entry transpose moves its second half past the
input projection, so that both halves are fast copies.

Each temporal transformer turns [B, C, F, H, W] into [B, H, W, F, C] (perm 0,3,4,2,1),
flattens it to rows of C and projects them (``proj_in``, a ``Gemm``). onnxruntime's CPU
Transpose has fast paths for moving one axis and for moving contiguous blocks; this
permutation is neither, so it copies element by element with the channel axis read 9,216
floats apart at full resolution (1.5 ms for 1.2 MB on one core). The same permutation as
two steps, the channel axis moved last ([B, F, H, W, C]) and then the blocks of C, is five
times faster, but onnxruntime merges two adjacent Transposes back into one (also through a
Reshape). The projection works row by row, so the second step can come after it:

    Transpose(perm) -> Reshape(s), the last to [-1, C] -> Gemm
    becomes
    Transpose(channel last) -> the same Reshape(s) -> Gemm -> Reshape[B, F, H, W, C'] -> Transpose(blocks)
    -> Reshape[-1, C']

and the readers of the Gemm's output get the same rows in the same order.

A permutation is split only when the axis that becomes innermost has at least ``MIN_GAP``
input elements between it and the input's innermost run; the way out of a temporal
transformer ([B, H, W, F, C] -> [B, F, C, H, W], 16 elements between) is faster as it is.

``move_transposes(model, single, double)`` rewrites ``model`` in place and checks that its
outputs stay bit for bit the same at batch 1 and 2 (the same products, only moved).
"""

from __future__ import annotations

import math

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .graph_passes import Feeds, _run, assert_unchanged, constant_values, outputs_of, readers_of

#: the product of the input axes between the new innermost axis and the input's last axis
#: from which the split was measured faster (80 at quarter resolution: 5x; 16: slower)
MIN_GAP = 64


def _plan(perm: list[int], shape: list[int]) -> tuple[list[int], list[int]] | None:
    """The two permutations that together give ``perm`` on ``shape``, or None to keep it."""
    rank = len(perm)
    inner = perm[-1]
    if inner == rank - 1:
        return None
    first = [axis for axis in range(rank) if axis != inner] + [inner]
    if first == perm:  # already a single axis moved
        return None
    if math.prod(shape[inner + 1:rank - 1]) < MIN_GAP:
        return None
    return first, [first.index(axis) for axis in perm]


def _row_wise_projection(node: onnx.NodeProto, constants: dict[str, np.ndarray]) -> bool:
    """A Gemm or MatMul whose rows map one to one: A not transposed, B and C constant."""
    if node.domain or node.op_type not in ("Gemm", "MatMul") or node.input[1] not in constants:
        return False
    if node.op_type == "MatMul":
        return constants[node.input[1]].ndim == 2
    attributes = {a.name: a.i for a in node.attribute if a.type == onnx.AttributeProto.INT}
    return attributes.get("transA", 0) == 0 and (len(node.input) < 3 or node.input[2] in constants)


def _match(graph: onnx.GraphProto, node: onnx.NodeProto, readers: dict[str, list[onnx.NodeProto]],
           constants: dict[str, np.ndarray], channels: int) -> onnx.NodeProto | None:
    """The projection after ``node`` through single-reader Reshapes, the last to [-1, channels],
    or None. (A Reshape keeps the order of the elements, so the rows stay ``node``'s.)"""
    outputs = {value.name for value in graph.output}
    current = node
    while True:
        after = readers.get(current.output[0], [])
        if len(after) != 1 or current.output[0] in outputs:
            return None
        if after[0].op_type != "Reshape" or after[0].domain or after[0].input[0] != current.output[0]:
            break
        current = after[0]
    if current is node:
        return None
    target = constants.get(current.input[1])
    if target is None or target.tolist() != [-1, channels] or after[0].input[0] != current.output[0]:
        return None
    return after[0] if _row_wise_projection(after[0], constants) else None


def move_transposes(model: onnx.ModelProto, single: Feeds, double: Feeds) -> int:
    """Rewrite ``model``'s main graph (see the module doc); returns the transposes moved."""
    graph = model.graph
    transposes = [node for node in graph.node if node.op_type == "Transpose" and not node.domain]
    if not transposes:
        return 0
    probed = _run(model, single, [node.input[0] for node in transposes])[1]
    readers = readers_of(graph)
    constants = constant_values(graph)
    plans = []
    for node in transposes:
        perm = next((list(a.ints) for a in node.attribute if a.name == "perm"), None)
        shape = [int(d) for d in probed[node.input[0]]]
        plan = _plan(perm, shape) if perm is not None and len(perm) == len(shape) else None
        projection = plan and _match(graph, node, readers, constants, shape[perm[-1]])
        if projection:
            plans.append((node, plan, projection, [shape[axis] for axis in plan[0]]))
    if not plans:
        return 0
    before = outputs_of(model, single, double)
    for node, (first, second), projection, moved_shape in plans:
        name = node.name or node.output[0]
        del node.attribute[:]
        node.attribute.append(helper.make_attribute("perm", first))
        rows, blocks, back = (f"{projection.output[0]}__{suffix}" for suffix in ("rows", "blocks", "back"))
        weights = constants[projection.input[1]]
        transposed = any(a.name == "transB" and a.i for a in projection.attribute)
        out_channels = int(weights.shape[0] if transposed else weights.shape[1])
        split_target = np.array([-1, *moved_shape[1:-1], out_channels], np.int64)
        position = list(graph.node).index(projection)
        result = projection.output[0]
        projection.output[0] = rows
        graph.node.insert(position + 1, helper.make_node(
            "Constant", [], [f"{rows}_shape"], value=numpy_helper.from_array(split_target)))
        graph.node.insert(position + 2, helper.make_node("Reshape", [rows, f"{rows}_shape"], [f"{rows}_split"],
                                                         f"{name}__rows"))
        graph.node.insert(position + 3, helper.make_node("Transpose", [f"{rows}_split"], [blocks],
                                                         f"{name}__blocks", perm=second))
        graph.node.insert(position + 4, helper.make_node(
            "Constant", [], [f"{back}_shape"], value=numpy_helper.from_array(np.array([-1, out_channels], np.int64))))
        graph.node.insert(position + 5, helper.make_node("Reshape", [blocks, f"{back}_shape"], [result], f"{name}__back"))
    assert_unchanged(model, (single, double), before, "moving transposes past projections")
    return len(plans)
