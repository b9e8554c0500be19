"""Graph pass: run the row-wise stretches of a graph (the transformers' feed-forwards) in
chunks of rows, so that their wide intermediates stay in the CPU's cache.

A transformer's feed-forward maps [rows, C] to [rows, C] through [rows, 4C] (or 8C)
intermediates: GEGLU's two products, GELU, their product, the output projection. At full
resolution one half of the guidance batch has 9,216 rows: an intermediate of 18 MiB, far
beyond a core's L2 (2 MiB on the machine in BENCHMARKS.md). Every row is independent, so
the same operators on row chunks (a Split before, a Concat after) give the same numbers bit
for bit while each chunk's intermediates stay in cache.

``chunk_rows(model, single, double)`` rewrites ``model`` in place:

1. A Reshape of a Reshape's output reads the first one's input instead (the exporter writes
   [rows, 4C] -> [N, L, 4C] -> [rows, 4C] between GEGLU and the output projection), and a
   Reshape whose output has its input's shape at both batch sizes is bypassed.
2. Regions: connected sets of row-wise nodes (``Gemm``/``MatMul`` with constant weights,
   element-wise operators with constant per-column or scalar operands) on 2-D tensors whose
   row count is proportional to the batch. A region is chunked when it has an intermediate
   (a tensor used only inside it) and more than one chunk's worth of rows: so the
   feed-forwards, not a single projection.
3. Each region's inputs are reshaped to [batch, rows, C] and split on the rows axis (the
   chunks of one sample are contiguous rows); the region's nodes are copied per chunk, in
   chunk order; its outputs are concatenated back.
4. The rewritten graph must give bit-identical outputs at both batch sizes, or the pass
   raises.

Only the main graph is rewritten (not the branches of the shared prefix's ``If``).
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .graph_passes import Feeds, _reads, _run, _subgraphs, assert_unchanged, outputs_of, remove_dead_nodes

#: the widest intermediate of a chunk, in bytes: chunks of 9,216 x 512 float32 rows at
#: 512 KiB are 256 rows, the size measured fastest on a 2 MiB L2 (BENCHMARKS.md)
CHUNK_BYTES = 512 * 1024
MATRIX_OPS = {"Gemm", "MatMul"}
UNARY_OPS = {"Erf", "Gelu", "Sigmoid", "Tanh", "Relu", "Neg", "Sqrt", "Exp", "Softplus"}
BINARY_OPS = {"Add", "Sub", "Mul", "Div"}
#: a region to chunk: its node positions, its tensors read outside it, its chunks' row counts
Chunking = tuple[list[int], list[str], list[int]]


def _subgraph_names(model: onnx.ModelProto) -> set[str]:
    """Names read inside nodes' subgraphs (an If's branches): uses from outside any region."""
    return {name for node in model.graph.node for graph in _subgraphs(node) for inner in graph.node
            for name in _reads(inner)}


def _constants(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    graph = model.graph
    values = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            values[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    return values


def merge_reshapes(model: onnx.ModelProto, single: Feeds, double: Feeds) -> int:
    """Step 1 of the module doc; returns how many Reshape nodes were dropped."""
    graph = model.graph
    outputs = {value.name for value in graph.output} | _subgraph_names(model)
    consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)
    producer = {name: node for node in graph.node for name in node.output}
    for node in graph.node:
        if node.op_type != "Reshape":
            continue
        first = producer.get(node.input[0])
        if first is not None and first.op_type == "Reshape" and len(consumers[first.output[0]]) == 1 \
                and first.output[0] not in outputs:
            node.input[0] = first.input[0]
    removed = remove_dead_nodes(model)
    reshapes = [node for node in graph.node if node.op_type == "Reshape" and node.output[0] not in outputs]
    probe = [name for node in reshapes for name in (node.input[0], node.output[0])]
    (_, small), (_, large) = _run(model, single, probe), _run(model, double, probe)
    rename: dict[str, str] = {}
    for node in reshapes:
        source, result = node.input[0], node.output[0]
        if np.array_equal(small[source], small[result]) and np.array_equal(large[source], large[result]):
            rename[result] = rename.get(source, source)
    for node in graph.node:
        for index, name in enumerate(node.input):
            if name in rename:
                node.input[index] = rename[name]
    return removed + remove_dead_nodes(model)


def _row_wise(node: onnx.NodeProto, constants: dict[str, np.ndarray], rows: dict[str, int]) -> bool:
    """True when ``node`` maps each row of its 2-D row-tensor inputs to the same row of its output."""
    if len(node.output) != 1 or node.output[0] not in rows:
        return False
    if node.op_type in MATRIX_OPS:
        if node.op_type == "Gemm":
            attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
            if attributes.get("transA", 0):
                return False
        return node.input[0] in rows and all(name in constants for name in node.input[1:] if name)
    if node.op_type in UNARY_OPS:
        return node.input[0] in rows
    if node.op_type in BINARY_OPS:
        output = node.output[0]
        for name in node.input:
            if name in rows:
                if rows[name] != rows[output]:
                    return False
                continue
            value = constants.get(name)
            if value is None or value.ndim > 2 or (value.ndim == 2 and value.shape[0] != 1):
                return False
        return any(name in rows for name in node.input)
    return False


def _regions(model: onnx.ModelProto, rows: dict[str, int]) -> list[list[int]]:
    """Connected sets of row-wise node positions (step 2)."""
    graph = model.graph
    constants = _constants(model)
    members = [position for position, node in enumerate(graph.node) if _row_wise(node, constants, rows)]
    parent = {position: position for position in members}

    def root(position: int) -> int:
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    made = {graph.node[position].output[0]: position for position in members}
    for position in members:
        for name in graph.node[position].input:
            if name in made and rows.get(name) == rows[graph.node[position].output[0]]:
                parent[root(position)] = root(made[name])
    groups: dict[int, list[int]] = defaultdict(list)
    for position in members:
        groups[root(position)].append(position)
    return list(groups.values())


def _chunk_sizes(rows: int, row_bytes: int, chunk_bytes: int) -> list[int]:
    count = min(rows, max(1, math.ceil(rows * row_bytes / chunk_bytes)))
    base, extra = divmod(rows, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def _stable_topological(nodes: list[tuple[float, onnx.NodeProto]], known: Iterable[str]) -> list[onnx.NodeProto]:
    """The nodes in an order where every input is made first, keeping the given keys' order
    wherever the dependencies allow."""
    available = set(known)
    waiting: dict[str, list[int]] = defaultdict(list)
    missing: list[int] = []
    made = {name for _, node in nodes for name in node.output}
    for index, (_, node) in enumerate(nodes):
        needs = {name for name in _reads(node) if name and name in made and name not in available}
        missing.append(len(needs))
        for name in needs:
            waiting[name].append(index)
    ready = [(key, index) for index, (key, _) in enumerate(nodes) if missing[index] == 0]
    heapq.heapify(ready)
    order: list[onnx.NodeProto] = []
    while ready:
        _, index = heapq.heappop(ready)
        node = nodes[index][1]
        order.append(node)
        for name in node.output:
            for other in waiting.pop(name, []):
                missing[other] -= 1
                if missing[other] == 0:
                    heapq.heappush(ready, (nodes[other][0], other))
    if len(order) != len(nodes):
        raise AssertionError("chunking rows left the graph with a cycle")
    return order


def _const(name: str, value: list[int]) -> onnx.NodeProto:
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.array(value, dtype=np.int64)))


def _rewrite(model: onnx.ModelProto, chunking: Chunking, rows: dict[str, int], widths: dict[str, int],
             tag: str) -> list[tuple[float, onnx.NodeProto]]:
    """The nodes that replace a region (step 3), each with its ordering key."""
    graph = model.graph
    region, results, sizes = chunking
    nodes = [graph.node[position] for position in region]
    made = {name for node in nodes for name in node.output}
    inputs = list(dict.fromkeys(name for node in nodes for name in node.input if name in rows and name not in made))
    per_sample = sum(sizes)
    start = float(min(region))
    new: list[onnx.NodeProto] = []
    pieces: dict[str, list[str]] = {}
    for number, name in enumerate(inputs):
        shaped, split = f"{name}__{tag}_rows", [f"{name}__{tag}_part{i}" for i in range(len(sizes))]
        new += [_const(shaped + "_shape", [-1, per_sample, widths[name]]),
                helper.make_node("Reshape", [name, shaped + "_shape"], [shaped], name=f"{tag}/in{number}/Reshape"),
                _const(shaped + "_sizes", sizes),
                helper.make_node("Split", [shaped, shaped + "_sizes"], split, axis=1, name=f"{tag}/in{number}/Split")]
        pieces[name] = []
        for index, part in enumerate(split):
            flat = f"{part}_flat"
            new += [_const(flat + "_shape", [-1, widths[name]]),
                    helper.make_node("Reshape", [part, flat + "_shape"], [flat], name=f"{tag}/in{number}/Reshape{index}")]
            pieces[name].append(flat)
    keyed = [(start, node) for node in new]
    for index in range(len(sizes)):
        rename = {name: pieces[name][index] for name in inputs}
        for position, node in zip(region, nodes, strict=True):
            copy = onnx.NodeProto()
            copy.CopyFrom(node)
            copy.name = f"{node.name or node.output[0]}__chunk{index}"
            for slot, name in enumerate(copy.input):
                copy.input[slot] = rename.get(name, name)
            for slot, name in enumerate(copy.output):
                rename[name] = copy.output[slot] = f"{name}__chunk{index}"
            keyed.append((start + (index + position / len(graph.node)) / (len(sizes) + 1), copy))
        for name in results:
            pieces.setdefault(name, []).append(rename[name])
    tail: list[onnx.NodeProto] = []
    for number, name in enumerate(results):
        shaped = []
        for index, part in enumerate(pieces[name]):
            tail += [_const(f"{part}_shape", [-1, sizes[index], widths[name]]),
                     helper.make_node("Reshape", [part, f"{part}_shape"], [f"{part}_rows"],
                                      name=f"{tag}/out{number}/Reshape{index}")]
            shaped.append(f"{part}_rows")
        tail += [helper.make_node("Concat", shaped, [f"{name}__{tag}_rows"], axis=1, name=f"{tag}/out{number}/Concat"),
                 _const(f"{name}__{tag}_shape", [-1, widths[name]]),
                 helper.make_node("Reshape", [f"{name}__{tag}_rows", f"{name}__{tag}_shape"], [name],
                                  name=f"{tag}/out{number}/Reshape")]
    return keyed + [(start + 1.0 - 1e-9, node) for node in tail]


def chunk_rows(model: onnx.ModelProto, single: Feeds, double: Feeds, chunk_bytes: int = CHUNK_BYTES) -> int:
    """Rewrite ``model`` in place (see the module doc); ``double`` has twice the batch of
    ``single``. Returns the number of regions chunked."""
    graph = model.graph
    before = outputs_of(model, single, double)
    merged = merge_reshapes(model, single, double)
    names = list(dict.fromkeys(name for node in graph.node if node.op_type != "Constant" for name in node.output))
    (_, small), (_, large) = _run(model, single, names), _run(model, double, names)
    rows: dict[str, int] = {}
    widths: dict[str, int] = {}
    for name in names:
        one, two = small[name], large[name]
        if one.shape == two.shape == (2,) and two[1] == one[1] and two[0] == 2 * one[0]:
            rows[name], widths[name] = int(one[0]), int(one[1])
    readers: dict[str, set[int]] = defaultdict(set)
    for position, node in enumerate(graph.node):
        for name in node.input:
            readers[name].add(position)
    read_elsewhere = {value.name for value in graph.output} | _subgraph_names(model)
    chosen: list[Chunking] = []
    for region in _regions(model, rows):
        members = set(region)
        made = [name for position in sorted(region) for name in graph.node[position].output]
        results = [name for name in made if name in read_elsewhere or readers[name] - members]
        per_sample = rows[graph.node[region[0]].output[0]]
        sizes = _chunk_sizes(per_sample, 4 * max(widths[name] for name in made), chunk_bytes)
        if len(results) < len(made) and len(sizes) > 1:
            chosen.append((sorted(region), results, sizes))
    if chosen:
        _replace_regions(model, chosen, rows, widths)
    if chosen or merged:
        assert_unchanged(model, (single, double), before, "chunking rows")
    return len(chosen)


def _replace_regions(model: onnx.ModelProto, chosen: list[Chunking], rows: dict[str, int],
                     widths: dict[str, int]) -> None:
    """Step 3 for every chosen region, the graph's nodes put back in a valid order."""
    graph = model.graph
    replaced = {position for region, _, _ in chosen for position in region}
    keyed: list[tuple[float, onnx.NodeProto]] = [
        (float(position), node) for position, node in enumerate(graph.node) if position not in replaced]
    taken = {node.name for node in graph.node}
    prefix = next(f"/row_chunks{run or ''}" for run in range(len(taken) + 1)
                  if not any(name.startswith(f"/row_chunks{run or ''}/") for name in taken))
    for number, chunking in enumerate(chosen):
        keyed += _rewrite(model, chunking, rows, widths, f"{prefix}/region{number}")
    known = {value.name for value in graph.input} | {t.name for t in graph.initializer}
    order = _stable_topological(keyed, known)
    del graph.node[:]
    graph.node.extend(order)
