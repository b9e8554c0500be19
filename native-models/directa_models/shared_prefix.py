"""A graph pass for the guidance batch: compute once what both halves compute alike.

The engine runs the UNet on [conditional, unconditional]: the same latents and timestep
twice, with different text, camera and region inputs. Everything the graph computes from
``sample`` and ``timestep`` alone (the input convolution, the time embedding, the input
temporal transformer, the first resnet and temporal convolution: a quarter of the built-in
model's step) is then the same for both halves.

``share_batch_prefix`` moves those nodes (the "prefix") into an ``If``:

* then-branch, taken when the batch is 2 and its two halves of ``sample`` and of
  ``timestep`` are equal: the prefix on the first half only, each result it hands on
  repeated along the batch axis (Concat of two copies);
* else-branch, every other batch: the prefix exactly as before.

A prefix of fewer than two products or convolutions is left as it is.

Results the prefix hands on must keep the batch as the outer factor of their first axis
(true of diffusers' [B, ...], [B*F, ...] and [B*h*w, ...] layouts); the pass checks it by
running the graph: the then-branch must give the original outputs within ``TOLERANCE``, the
else-branch bit-identical ones; otherwise the graph is left as it was. Shape arithmetic
stays outside the If, so shapes are always the full batch's.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

TOLERANCE = 1e-5
#: nodes that never join the prefix: their result is about the full batch's shape
SHAPE_OPS = {"Shape", "Size"}
#: a prefix with fewer of these is not worth an If (a window-coordinate camera path enters
#: right after the UNet's input convolution)
HEAVY_OPS = {"Conv", "MatMul", "Gemm", "MultiHeadAttention"}
MIN_HEAVY = 2


def _prefix(graph: onnx.GraphProto, shared_inputs: Sequence[str]) -> tuple[list[int], list[str]]:
    """Positions of the prefix's nodes and the names of the tensors it hands on."""
    constant = {t.name for t in graph.initializer} | {""}
    shared = set(shared_inputs)
    positions: list[int] = []
    for position, node in enumerate(graph.node):
        if node.op_type == "Constant":
            constant.update(node.output)
            continue
        if node.op_type in SHAPE_OPS or node.domain not in ("", "ai.onnx", "com.microsoft"):
            continue
        if all(name in shared or name in constant for name in node.input) and any(n in shared for n in node.input):
            positions.append(position)
            shared.update(node.output)
    inside = {name for position in positions for name in graph.node[position].output}
    members = set(positions)
    used_outside = {name for position, node in enumerate(graph.node) if position not in members for name in node.input}
    used_outside |= {value.name for value in graph.output}
    return positions, sorted(inside & used_outside)


def _branch(name: str, nodes: list[onnx.NodeProto], rename: Mapping[str, str], outputs: list[str],
            types: Mapping[str, int]) -> onnx.GraphProto:
    cloned = []
    for node in nodes:
        copy = onnx.NodeProto()
        copy.CopyFrom(node)
        copy.name = f"{node.name}__{name}"
        copy.input[:] = [rename.get(i, i) for i in node.input]
        copy.output[:] = [rename.get(o, o) for o in node.output]
        cloned.append(copy)
    values = [helper.make_tensor_value_info(o, types[o], None) for o in outputs]
    return helper.make_graph(cloned, name, [], values)


def _run(model: onnx.ModelProto, feeds: Mapping[str, np.ndarray], extra: Sequence[str] = ()) -> dict[str, np.ndarray]:
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for name in extra:
        probe.graph.output.append(helper.make_empty_tensor_value_info(name))
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(probe.SerializeToString(), options, providers=["CPUExecutionProvider"])
    names = [value.name for value in probe.graph.output]
    return dict(zip(names, session.run(names, dict(feeds)), strict=True))


def _condition(graph_nodes: list[onnx.NodeProto], shared_inputs: Sequence[str]) -> str:
    """Nodes computing "batch is 2 and its halves are equal" (a bool scalar); returns its name."""
    def add(op: str, inputs: list[str], **attrs: object) -> str:
        out = f"shared_prefix/{op}_{len(graph_nodes)}"
        graph_nodes.append(helper.make_node(op, inputs, [out], name=out, **attrs))
        return out

    def const(value: np.ndarray) -> str:
        out = f"shared_prefix/Constant_{len(graph_nodes)}"
        graph_nodes.append(helper.make_node("Constant", [], [out], name=out, value=numpy_helper.from_array(value)))
        return out

    one, minus_one = const(np.array([1], np.int64)), const(np.array([-1], np.int64))
    zero = const(np.array([0], np.int64))
    big = const(np.array([np.iinfo(np.int64).max], np.int64))
    batch = add("Gather", [add("Shape", [shared_inputs[0]]), const(np.array(0, np.int64))], axis=0)
    condition = add("Equal", [batch, const(np.array(2, np.int64))])
    for name in shared_inputs:
        first = add("Slice", [name, zero, one, zero])
        last = add("Slice", [name, minus_one, big, zero])
        worst = add("ReduceMax", [add("Abs", [add("Sub", [first, last])])], keepdims=0)
        condition = add("And", [condition, add("Equal", [worst, const(np.array(0, np.float32))])])
    return condition


def share_batch_prefix(model: onnx.ModelProto, shared_inputs: Sequence[str], halves_equal: Mapping[str, np.ndarray],
                       halves_differ: Mapping[str, np.ndarray], single: Mapping[str, np.ndarray]) -> int:
    """Rewrite ``model`` in place (see the module doc). The feeds are for the checks: batch 2
    with equal halves, batch 2 with different halves, batch 1. Returns the number of nodes
    moved into the If, 0 when the graph was left as it was."""
    graph = model.graph
    positions, handed_on = _prefix(graph, shared_inputs)
    if sum(graph.node[p].op_type in HEAVY_OPS for p in positions) < MIN_HEAVY or not handed_on:
        return 0
    read = {name for position in positions for name in graph.node[position].input}
    shared_inputs = [name for name in shared_inputs if name in read]  # the halves that must be equal
    before = {key: _run(model, feeds, handed_on) for key, feeds in
              (("equal", halves_equal), ("differ", halves_differ), ("single", single))}
    types = {name: helper.np_dtype_to_tensor_dtype(before["equal"][name].dtype) for name in handed_on}
    prefix = [graph.node[p] for p in positions]
    produced = {name for node in prefix for name in node.output}

    halves: list[onnx.NodeProto] = []
    one = {name: f"{name}__half" for name in [*shared_inputs, *produced]}
    zero_c, one_c = "shared_prefix/first_start", "shared_prefix/first_end"
    halves.append(helper.make_node("Constant", [], [zero_c], value=numpy_helper.from_array(np.array([0], np.int64))))
    halves.append(helper.make_node("Constant", [], [one_c], value=numpy_helper.from_array(np.array([1], np.int64))))
    for name in shared_inputs:
        halves.append(helper.make_node("Slice", [name, zero_c, one_c, zero_c], [one[name]]))
    then_outputs = [f"{name}__twice" for name in handed_on]
    then_graph = _branch("shared_prefix_then", prefix, one, then_outputs, {o: types[n] for n, o in
                                                                            zip(handed_on, then_outputs)})
    twice = [helper.make_node("Concat", [one[n], one[n]], [o], axis=0) for n, o in zip(handed_on, then_outputs)]
    nodes = [*halves, *then_graph.node, *twice]
    del then_graph.node[:]
    then_graph.node.extend(nodes)
    full = {name: f"{name}__full" for name in produced}
    else_graph = _branch("shared_prefix_else", prefix, full, [full[n] for n in handed_on],
                         {full[n]: types[n] for n in handed_on})

    # the prefix reads only graph inputs and constants: Constant nodes, the condition and the
    # If first, then everything else in its old order
    members = set(positions)
    rest = [node for position, node in enumerate(graph.node) if position not in members]
    head = [node for node in rest if node.op_type == "Constant"]
    condition = _condition(head, shared_inputs)
    branch = helper.make_node("If", [condition], list(handed_on), name="shared_prefix/If",
                              then_branch=then_graph, else_branch=else_graph)
    original = onnx.ModelProto()
    original.CopyFrom(model)
    del graph.node[:]
    graph.node.extend([*head, branch, *(node for node in rest if node.op_type != "Constant")])
    try:
        after = {key: _run(model, feeds) for key, feeds in
                 (("equal", halves_equal), ("differ", halves_differ), ("single", single))}
        outputs = [value.name for value in graph.output]
        fits = all(np.allclose(after["equal"][n], before["equal"][n], rtol=0, atol=TOLERANCE) for n in outputs)
        same = all(np.array_equal(after[k][n], before[k][n]) for k in ("differ", "single") for n in outputs)
    except Exception:  # noqa: BLE001 - any failure of the rewritten graph means: keep the original
        fits = same = False
    if fits and same:
        return len(prefix)
    model.CopyFrom(original)
    return 0
