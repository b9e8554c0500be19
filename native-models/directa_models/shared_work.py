"""Graph pass: compute each value once (common subexpressions merged).

The tracer writes what a module computes every time the module is called. The built-in
model's camera path runs its shared MLP over the same per-pixel features at every temporal
transformer of a resolution (four times at full resolution), and each call brings its own
copies of the same constants, so onnxruntime's own subexpression pass, which compares
initializers by name, leaves them apart.

``share_work(model, single, double)`` rewrites ``model`` in place:

1. ``Shape`` nodes that give the same value at batch 1 and at batch 2 become one (a module
   that computes its frame count from its input's shape does so at every call, each from a
   different tensor). As in graph_passes.fix_batch_reshapes, the batch is the only free
   axis and every shape is constant or proportional to it, so equal at both means equal.
2. Initializers with the same type, shape and bytes become one.
3. Going through the nodes in order, a node with the same operator, attributes and inputs
   as an earlier one is dropped and its readers read the earlier node's outputs. Nodes with
   subgraphs, random operators and nodes that write a graph output are kept as they are.
4. The rewritten graph must give bit-identical outputs at batch 1 and 2, or the pass raises.
"""

from __future__ import annotations

import hashlib

import numpy as np
import onnx

from .graph_passes import Feeds, _run, _subgraphs, assert_unchanged, outputs_of, remove_dead_nodes

RANDOM_OPS = {"RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike", "Multinomial", "Bernoulli"}


def _tensor_key(tensor: onnx.TensorProto) -> tuple:
    copy = onnx.TensorProto()
    copy.CopyFrom(tensor)
    copy.name = ""
    return (tensor.data_type, tuple(tensor.dims), hashlib.sha256(copy.SerializeToString()).hexdigest())


def _rename(graph: onnx.GraphProto, renamed: dict[str, str]) -> None:
    """Point every read in ``graph`` and its subgraphs at the kept names."""
    for node in graph.node:
        for index, name in enumerate(node.input):
            if name in renamed:
                node.input[index] = renamed[name]
        for inner in _subgraphs(node):
            _rename(inner, renamed)


def _merge_initializers(graph: onnx.GraphProto) -> dict[str, str]:
    kept: dict[tuple, str] = {}
    renamed: dict[str, str] = {}
    inputs = {value.name for value in graph.input}
    for tensor in graph.initializer:
        if tensor.name in inputs:  # an overridable default, not a constant
            continue
        key = _tensor_key(tensor)
        if key in kept:
            renamed[tensor.name] = kept[key]
        else:
            kept[key] = tensor.name
    return renamed


def _attribute_bytes(attribute: onnx.AttributeProto) -> bytes:
    """An attribute's value as bytes, a tensor's name left out (a Constant's value carries one)."""
    if attribute.type != onnx.AttributeProto.TENSOR:
        return attribute.SerializeToString()
    copy = onnx.AttributeProto()
    copy.CopyFrom(attribute)
    copy.t.name = ""
    return copy.SerializeToString()


def _node_key(node: onnx.NodeProto) -> tuple | None:
    if _subgraphs(node) or node.op_type in RANDOM_OPS:
        return None
    attributes = tuple(sorted((a.name, _attribute_bytes(a)) for a in node.attribute))
    return (node.domain, node.op_type, tuple(node.input), len(node.output), attributes)


def _shape_value(node: onnx.NodeProto, shape: np.ndarray) -> tuple[int, ...]:
    attributes = {a.name: a.i for a in node.attribute}
    return tuple(int(d) for d in shape[attributes.get("start", 0):attributes.get("end", len(shape))])


def _merge_shapes(model: onnx.ModelProto, single: Feeds, double: Feeds) -> dict[str, str]:
    """Step 1: the names to read instead of each later Shape output of an equal value."""
    shapes = [node for node in model.graph.node if node.op_type == "Shape" and not node.domain]
    if len(shapes) < 2:
        return {}
    read = [node.input[0] for node in shapes]
    seen_single, seen_double = (_run(model, feeds, read)[1] for feeds in (single, double))
    kept: dict[tuple, str] = {}
    renamed: dict[str, str] = {}
    for node in shapes:
        key = (_shape_value(node, seen_single[node.input[0]]), _shape_value(node, seen_double[node.input[0]]))
        if key in kept:
            renamed[node.output[0]] = kept[key]
        else:
            kept[key] = node.output[0]
    return renamed


def merge_duplicates(model: onnx.ModelProto, renamed: dict[str, str] | None = None) -> int:
    """Merge equal initializers and nodes (steps 2 and 3), after the renames in ``renamed``
    (step 1's); returns the nodes dropped."""
    graph = model.graph
    renamed = {**(renamed or {}), **_merge_initializers(graph)}
    _rename(graph, renamed)
    outputs = {value.name for value in graph.output}
    seen: dict[tuple, onnx.NodeProto] = {}
    dropped: list[onnx.NodeProto] = []
    for node in graph.node:
        for index, name in enumerate(node.input):
            if name in renamed:
                node.input[index] = renamed[name]
        key = _node_key(node)
        if key is None or outputs.intersection(node.output):
            continue
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = node
            continue
        for mine, theirs in zip(node.output, earlier.output, strict=True):
            if mine:
                renamed[mine] = theirs
        dropped.append(node)
    for node in dropped:
        graph.node.remove(node)
    _rename(graph, renamed)
    remove_dead_nodes(model)
    return len(dropped)


def share_work(model: onnx.ModelProto, single: Feeds, double: Feeds) -> int:
    """Merge duplicate work in ``model`` and check that its outputs stay bit for bit the same;
    returns the nodes dropped."""
    before = outputs_of(model, single, double)
    dropped = merge_duplicates(model, _merge_shapes(model, single, double))
    if dropped:
        assert_unchanged(model, (single, double), before, "merging duplicate work")
    return dropped
