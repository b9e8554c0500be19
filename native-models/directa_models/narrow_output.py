"""Graph pass: a transformer whose output projection narrows its channels applies that
projection to the feed-forward's output weights, not to the feed-forward's output.

The input temporal transformer works on 128 channels and projects back to 32 at the end:

    y = proj_out(r + ff_out(h)) = r · P + h · (W · P) + (b · P + p)

where r is the residual stream, h the feed-forward's [rows, 512] intermediate and W, b, P, p
the two projections' weights and biases. Folding P into W makes the feed-forward's last
product 512 -> 32 instead of 512 -> 128 (a quarter of the multiply-adds) and the residual
sum 32 channels wide instead of 128; r · P costs what proj_out cost before. At full
resolution that is 0.9 GFLOP of the UNet's 24 per half (BENCHMARKS.md, session 11).

``narrow_outputs(model, single, double)`` finds, in the main graph,

    Gemm(s) [row chunks: each -> Reshape -> Concat] -> Reshape -> Add(·, r) -> Reshape[-1, C] -> Gemm P

with every node on the way read only by the next, every Gemm with the same constant weight
and bias, and P narrowing C; it rewrites the Gemms' weights, the Reshapes' channel counts and
the Add's other operand (r projected by P without bias), and drops P. The products are
summed in another order, so the pass checks the outputs against the graph before within
``graph_passes.REORDERED_SUMS`` (rtol 1e-4, atol 1e-5) at batch 1 and 2.
"""

from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

from .graph_passes import (REORDERED_SUMS, Feeds, assert_unchanged, constant_values, outputs_of, readers_of,
                           remove_dead_nodes)



def _gemm_parts(node: onnx.NodeProto, constants: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """(weight as [out, in], bias [out]) of a plain Gemm with constant operands, or None."""
    if node.op_type != "Gemm" or node.domain or len(node.input) < 3:
        return None
    attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    if attributes.get("transA", 0) or attributes.get("alpha", 1.0) != 1.0 or attributes.get("beta", 1.0) != 1.0:
        return None
    weight, bias = constants.get(node.input[1]), constants.get(node.input[2])
    if weight is None or bias is None or weight.ndim != 2:
        return None
    weight = weight if attributes.get("transB", 0) else weight.T
    return (weight, bias) if bias.shape == (weight.shape[0],) else None


class _Site:
    """One match: the output projection, its Reshape and Add, the path back to the Gemms."""

    def __init__(self, projection: onnx.NodeProto, flatten: onnx.NodeProto, add: onnx.NodeProto,
                 residual: str, reshapes: list[onnx.NodeProto], gemms: list[onnx.NodeProto]) -> None:
        self.projection, self.flatten, self.add, self.residual = projection, flatten, add, residual
        self.reshapes, self.gemms = reshapes, gemms


def _walk_back(name: str, producers: dict[str, onnx.NodeProto], readers: dict[str, int], width: int,
               constants: dict[str, np.ndarray]) -> tuple[list[onnx.NodeProto], list[onnx.NodeProto]] | None:
    """The Reshapes and Gemms that make ``name`` through single-reader Reshapes to [..., width]
    and Concats off the last axis, or None."""
    reshapes: list[onnx.NodeProto] = []
    gemms: list[onnx.NodeProto] = []
    pending = [name]
    while pending:
        current = pending.pop()
        node = producers.get(current)
        if node is None or readers.get(current, 0) != 1:
            return None
        if node.op_type == "Gemm":
            gemms.append(node)
        elif node.op_type == "Reshape":
            target = constants.get(node.input[1])
            if target is None or target[-1] != width:
                return None
            reshapes.append(node)
            pending.append(node.input[0])
        elif node.op_type == "Concat":
            axis = next(a.i for a in node.attribute if a.name == "axis")
            if axis == -1:
                return None
            pending.extend(node.input)
        else:
            return None
    return reshapes, gemms


def _sites(graph: onnx.GraphProto, constants: dict[str, np.ndarray]) -> list[_Site]:
    producers = {name: node for node in graph.node for name in node.output}
    readers = {name: len(nodes) for name, nodes in readers_of(graph).items()}
    for value in graph.output:
        readers[value.name] = readers.get(value.name, 0) + 1
    sites = []
    for projection in graph.node:
        parts = _gemm_parts(projection, constants)
        if parts is None or parts[0].shape[0] >= parts[0].shape[1]:
            continue
        width = parts[0].shape[1]
        flatten = producers.get(projection.input[0])
        if flatten is None or flatten.op_type != "Reshape" or readers.get(flatten.output[0]) != 1:
            continue
        if list(constants.get(flatten.input[1], np.zeros(0))) != [-1, width]:
            continue
        add = producers.get(flatten.input[0])
        if add is None or add.op_type != "Add" or readers.get(add.output[0]) != 1:
            continue
        for side in (0, 1):
            path = _walk_back(add.input[side], producers, readers, width, constants)
            if path is None or not path[1]:
                continue
            gemm_parts = [_gemm_parts(gemm, constants) for gemm in path[1]]
            first = gemm_parts[0]
            if first is not None and first[0].shape[0] == width and all(
                    p is not None and np.array_equal(p[0], first[0]) and np.array_equal(p[1], first[1]) for p in gemm_parts):
                sites.append(_Site(projection, flatten, add, add.input[1 - side], *path))
                break
    return sites


def _rewrite(graph: onnx.GraphProto, site: _Site, constants: dict[str, np.ndarray]) -> None:
    weight, bias = _gemm_parts(site.gemms[0], constants)  # [C, hidden], [C]
    narrow, narrow_bias = _gemm_parts(site.projection, constants)  # [C', C], [C']
    out, width = narrow.shape
    prefix = site.projection.output[0]

    def constant(name: str, value: np.ndarray) -> str:
        """Weights as initializers; shapes as Constant nodes, first in the graph (onnxruntime
        does not read a Reshape target from external data, where initializers may go)."""
        if value.dtype == np.int64:
            graph.node.insert(0, helper.make_node("Constant", [], [f"{prefix}__{name}"],
                                                  value=numpy_helper.from_array(value)))
        else:
            graph.initializer.append(numpy_helper.from_array(value, f"{prefix}__{name}"))
        return f"{prefix}__{name}"

    folded = constant("folded_weight", (narrow.astype(np.float64) @ weight).astype(np.float32))  # [C', hidden]
    folded_bias = constant("folded_bias", (narrow.astype(np.float64) @ bias + narrow_bias).astype(np.float32))
    for gemm in site.gemms:
        del gemm.attribute[:]
        gemm.attribute.append(helper.make_attribute("transB", 1))
        gemm.input[1], gemm.input[2] = folded, folded_bias
    for index, reshape in enumerate(site.reshapes):
        target = constants[reshape.input[1]].astype(np.int64)
        target[-1] = out
        reshape.input[1] = constant(f"narrow_shape{index}", target)
    # the residual: rows of C, projected without bias, in the shape of the Add's other side
    rows, projected, shaped = (f"{prefix}__residual_{part}" for part in ("rows", "projected", "shaped"))
    added = [helper.make_node("Reshape", [site.residual, constant("rows_shape", np.array([-1, width], np.int64))], [rows],
                              f"{prefix}__residual_rows"),
             helper.make_node("MatMul", [rows, constant("residual_weight", np.ascontiguousarray(narrow.T))], [projected],
                              f"{prefix}__residual_projection")]
    if site.reshapes:
        added.append(helper.make_node("Reshape", [projected, site.reshapes[0].input[1]], [shaped], f"{prefix}__residual_shape"))
    position = list(graph.node).index(site.add)
    for offset, node in enumerate(added):
        graph.node.insert(position + offset, node)
    site.add.input[list(site.add.input).index(site.residual)] = added[-1].output[0]
    site.flatten.input[1] = constant("narrow_rows", np.array([-1, out], np.int64))
    site.flatten.output[0] = site.projection.output[0]
    graph.node.remove(site.projection)


def narrow_outputs(model: onnx.ModelProto, single: Feeds, double: Feeds) -> int:
    """Rewrite ``model`` in place (see the module doc); returns the projections folded."""
    graph = model.graph
    constants = constant_values(graph)
    sites = _sites(graph, constants)
    if not sites:
        return 0
    before = outputs_of(model, single, double)
    for site in sites:
        _rewrite(graph, site, constants)
    remove_dead_nodes(model)
    assert_unchanged(model, (single, double), before, "folding output projections", REORDERED_SUMS)
    return len(sites)
