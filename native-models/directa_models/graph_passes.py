"""Passes over an exported ONNX graph that leave its function unchanged.

``fix_batch_reshapes``: the tracer writes every ``reshape`` whose target depends on the free
batch axis as a chain of Shape, Gather, Mul, Unsqueeze and Concat nodes computed at run time
(some thousands in the UNet). All other axes are fixed by the package contract, so each such
target is a constant with at most one entry that grows with the batch: that entry can be
-1. The pass reads every such Reshape's output shape with onnxruntime at two batch sizes,
replaces the targets of those whose shape is constant or proportional to the batch in one
axis by an initializer (-1 on that axis), removes the nodes that no longer feed anything,
and checks that the rewritten graph gives bit-identical outputs at both batch sizes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

Feeds = Mapping[str, np.ndarray]


def _run(model: onnx.ModelProto, feeds: Feeds, shapes_of: Sequence[str] = ()
         ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """The graph's outputs for ``feeds`` and the shape of each tensor named in ``shapes_of``,
    with graph optimisations off and one thread (the same arithmetic every run)."""
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    for index, name in enumerate(shapes_of):
        probe.graph.node.append(helper.make_node("Shape", [name], [f"__shape_probe_{index}"]))
        probe.graph.output.append(helper.make_empty_tensor_value_info(f"__shape_probe_{index}"))
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(probe.SerializeToString(), options, providers=["CPUExecutionProvider"])
    values = dict(zip([value.name for value in probe.graph.output], session.run(None, dict(feeds)), strict=True))
    return ({value.name: values[value.name] for value in model.graph.output},
            {name: values[f"__shape_probe_{index}"] for index, name in enumerate(shapes_of)})


#: rtol, atol for a pass that sums the same products in another order
REORDERED_SUMS = (1e-4, 1e-5)
#: the last few graphs' outputs, by graph and feeds: a pass's check leaves the outputs of the
#: graph it wrote here, and the next pass reads them as its "before" instead of running again
_SEEN: dict[tuple[str, str], dict[str, np.ndarray]] = {}
_SEEN_LIMIT = 4


def _digest(model: onnx.ModelProto, feeds: Feeds) -> tuple[str, str]:
    inputs = hashlib.sha256()
    for name in sorted(feeds):
        inputs.update(name.encode())
        inputs.update(np.ascontiguousarray(feeds[name]).tobytes())
    return hashlib.sha256(model.SerializeToString()).hexdigest(), inputs.hexdigest()


def outputs_of(model: onnx.ModelProto, *feeds: Feeds) -> list[dict[str, np.ndarray]]:
    """The graph's outputs for each of ``feeds`` (see ``_run``), run once per graph and feeds."""
    results = []
    for one in feeds:
        key = _digest(model, one)
        if key not in _SEEN:
            if len(_SEEN) >= _SEEN_LIMIT:
                del _SEEN[next(iter(_SEEN))]
            _SEEN[key] = _run(model, one)[0]
        results.append(_SEEN[key])
    return results


def assert_unchanged(model: onnx.ModelProto, feeds: Sequence[Feeds], before: Sequence[Mapping[str, np.ndarray]],
                     what: str, tolerance: tuple[float, float] | None = None) -> None:
    """Raise unless ``model`` still gives ``before`` for each of ``feeds``: bit for bit, or
    within ``tolerance`` (rtol, atol) for a pass that sums in another order."""
    for batch, (after, expected) in enumerate(zip(outputs_of(model, *feeds), before, strict=True)):
        for value in model.graph.output:
            got, want = after[value.name], expected[value.name]
            same = np.array_equal(got, want, equal_nan=True) if tolerance is None else np.allclose(
                got, want, rtol=tolerance[0], atol=tolerance[1])
            if not same:
                beyond = "" if tolerance is None else f" beyond rtol {tolerance[0]}, atol {tolerance[1]}"
                raise AssertionError(f"{what} changed output {value.name}{beyond} (sample inputs {batch + 1})")


def constant_values(graph: onnx.GraphProto) -> dict[str, np.ndarray]:
    """The values of the initializers and Constant nodes of ``graph``, by name."""
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    return values


def readers_of(graph: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    """The nodes of ``graph`` that read each name, in graph order."""
    readers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    return readers


def _subgraphs(node: onnx.NodeProto) -> list[onnx.GraphProto]:
    return [graph for attribute in node.attribute
            for graph in (*([attribute.g] if attribute.HasField("g") else []), *attribute.graphs)]


def _reads(node: onnx.NodeProto) -> set[str]:
    """The names ``node`` reads: its inputs and what its subgraphs (an If's branches) read."""
    names = set(node.input)
    for graph in _subgraphs(node):
        for inner in graph.node:
            names |= _reads(inner)
    return names


def remove_dead_nodes(model: onnx.ModelProto) -> int:
    """Drop nodes and initializers that feed no graph output; returns the nodes removed."""
    graph = model.graph
    removed = 0
    while True:
        used = {name for node in graph.node for name in _reads(node)} | {value.name for value in graph.output}
        dead = [node for node in graph.node if not any(name in used for name in node.output)]
        if not dead:
            break
        for node in dead:
            graph.node.remove(node)
        removed += len(dead)
    used = {name for node in graph.node for name in _reads(node)} | {value.name for value in graph.output}
    for tensor in [t for t in graph.initializer if t.name not in used]:
        graph.initializer.remove(tensor)
    return removed


def _static_target(small: np.ndarray, large: np.ndarray, growth: int) -> np.ndarray | None:
    """The constant Reshape target for an output shape seen as ``small`` and ``large`` at two
    batch sizes ``growth`` times apart, or None when more than one axis depends on the batch."""
    changed = np.flatnonzero(small != large)
    if len(changed) == 0:
        return small.astype(np.int64)
    if len(changed) > 1 or large[changed[0]] != small[changed[0]] * growth:
        return None
    target = small.astype(np.int64)
    target[changed[0]] = -1
    return target


def fix_batch_reshapes(model: onnx.ModelProto, small: Feeds, large: Feeds, growth: int) -> int:
    """Rewrite ``model`` in place (see the module doc); ``large`` has ``growth`` times the
    batch of ``small``. Returns the number of Reshape targets made constant."""
    graph = model.graph
    constant = {t.name for t in graph.initializer} | {
        name for node in graph.node if node.op_type == "Constant" for name in node.output}
    reshapes = {position: node for position, node in enumerate(graph.node)
                if node.op_type == "Reshape" and node.input[1] not in constant}
    if not reshapes:
        return 0
    results = [node.output[0] for node in reshapes.values()]
    (small_out, small_shapes), (large_out, large_shapes) = _run(model, small, results), _run(model, large, results)
    # targets as Constant nodes, not initializers: those may go to external data, where
    # onnxruntime does not read a Reshape target from
    targets: dict[int, onnx.NodeProto] = {}
    for index, (position, node) in enumerate(reshapes.items()):
        target = _static_target(small_shapes[node.output[0]], large_shapes[node.output[0]], growth)
        if target is None or (target == 0).any():  # a 0 would mean "copy the input's size" to Reshape
            continue
        name = f"{node.output[0]}__static_shape_{index}"
        targets[position] = helper.make_node("Constant", [], [name], value=numpy_helper.from_array(target))
        node.input[1] = name
        del node.attribute[:]  # allowzero: no 0 in the target, so it cannot matter
    nodes = []
    for position, node in enumerate(graph.node):
        if position in targets:
            nodes.append(targets[position])
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    remove_dead_nodes(model)
    assert_unchanged(model, (small, large), (small_out, large_out), "fixing reshape targets")
    return len(targets)
