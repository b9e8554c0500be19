"""Each value computed once (shared_work.py): equal Shape values, initializers and nodes
are merged, what must stay apart stays apart, and the outputs stay bit for bit the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from directa_models.shared_work import merge_duplicates, share_work

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"


def _model(nodes: list[onnx.NodeProto], initializers: list[onnx.TensorProto], outputs: list[str]) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes, "g",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 3, 4]),
         helper.make_tensor_value_info("y", TensorProto.FLOAT, ["B", 3, 4])],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in outputs], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> list[np.ndarray]:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, feeds)


def _feeds(batch: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(batch)
    return {"x": rng.standard_normal((batch, 3, 4), dtype=np.float32),
            "y": rng.standard_normal((batch, 3, 4), dtype=np.float32)}


def _per_call(tag: str, source: str) -> tuple[list[onnx.NodeProto], list[onnx.TensorProto]]:
    """What a traced module writes at each call: its own copy of a constant, a value from its
    input's shape, and the same arithmetic on a shared input."""
    scale = numpy_helper.from_array(np.array([1.5, -2.0, 0.25, 3.0], np.float32), f"scale_{tag}")
    nodes = [
        helper.make_node("Shape", [source], [f"shape_{tag}"], start=1),
        helper.make_node("ConstantOfShape", [f"shape_{tag}"], [f"ones_{tag}"],
                         value=numpy_helper.from_array(np.array([1.0], np.float32))),
        helper.make_node("Mul", ["x", f"scale_{tag}"], [f"scaled_{tag}"]),
        helper.make_node("Sin", [f"scaled_{tag}"], [f"sin_{tag}"]),
        helper.make_node("Add", [f"sin_{tag}", f"ones_{tag}"], [f"feature_{tag}"]),
    ]
    return nodes, [scale]


def test_the_same_work_at_two_call_sites_is_done_once() -> None:
    first, first_weights = _per_call("a", "x")
    second, second_weights = _per_call("b", "y")  # the shape of another tensor, equal in value
    nodes = [*first, *second, helper.make_node("Add", ["feature_a", "y"], ["out_a"]),
             helper.make_node("Mul", ["feature_b", "y"], ["out_b"])]
    model = _model(nodes, first_weights + second_weights, ["out_a", "out_b"])
    expected = [_run(model, _feeds(batch)) for batch in (1, 3)]
    assert share_work(model, _feeds(1), _feeds(2)) == 4  # ConstantOfShape, Mul, Sin, Add; y's Shape is left unread
    assert len(model.graph.initializer) == 1
    ops = Counter(node.op_type for node in model.graph.node)
    assert ops == {"Shape": 1, "ConstantOfShape": 1, "Mul": 2, "Sin": 1, "Add": 2}
    for batch, before in zip((1, 3), expected, strict=True):
        assert all(np.array_equal(a, b) for a, b in zip(_run(model, _feeds(batch)), before, strict=True))


def test_different_values_and_attributes_stay_apart() -> None:
    weights = [numpy_helper.from_array(np.ones(4, np.float32), "w1"),
               numpy_helper.from_array(np.full(4, 2.0, np.float32), "w2")]
    nodes = [helper.make_node("Mul", ["x", "w1"], ["a"]), helper.make_node("Mul", ["x", "w2"], ["b"]),
             helper.make_node("Shape", ["x"], ["s1"], start=1), helper.make_node("Shape", ["x"], ["s2"], start=2),
             helper.make_node("Expand", ["a", "s1"], ["c"]), helper.make_node("Expand", ["b", "s2"], ["d"]),
             helper.make_node("Add", ["c", "d"], ["out"]),
             helper.make_node("Add", ["c", "d"], ["again"]),  # a graph output: kept though equal
             helper.make_node("RandomUniformLike", ["x"], ["noise"], seed=1.0),
             helper.make_node("RandomUniformLike", ["x"], ["noise2"], seed=1.0),
             helper.make_node("Add", ["noise", "noise2"], ["random"])]
    model = _model(nodes, weights, ["out", "again", "random"])
    assert merge_duplicates(model) == 0
    assert len(model.graph.node) == len(nodes)


def test_shapes_equal_at_one_batch_only_stay_apart() -> None:
    nodes = [helper.make_node("Shape", ["x"], ["sx"]), helper.make_node("Shape", ["z"], ["sz"]),
             helper.make_node("ConstantOfShape", ["sx"], ["ox"]), helper.make_node("ConstantOfShape", ["sz"], ["oz"]),
             helper.make_node("ReduceSum", ["ox"], ["rx"], keepdims=0),
             helper.make_node("ReduceSum", ["oz"], ["rz"], keepdims=0),
             helper.make_node("Sub", ["rx", "rz"], ["out"])]
    model = _model(nodes, [], ["out"])
    model.graph.input.append(helper.make_tensor_value_info("z", TensorProto.FLOAT, [1, 3, 4]))
    one, two = {**_feeds(1), "z": np.zeros((1, 3, 4), np.float32)}, {**_feeds(2), "z": np.zeros((1, 3, 4), np.float32)}
    assert share_work(model, one, two) == 0  # [1, 3, 4] twice at batch 1, not at batch 2


def test_the_shipped_unet_computes_its_camera_features_once_per_resolution() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    # the shared MLP's first layer over the 23 pixel features, one per resolution (3),
    # not one per temporal transformer (8)
    first_layers = [node for node in graph.node if node.op_type == "Gemm" and "/embed/embed.0/" in node.name]
    assert len(first_layers) == 3
    assert sum(node.op_type == "Sin" for node in graph.node) < 10


@pytest.mark.parametrize("batch", [1, 2])
def test_merging_keeps_subgraph_reads_pointed_at_kept_names(batch: int) -> None:
    branch = helper.make_graph([helper.make_node("Neg", ["b2"], ["branch_out"])], "then", [],
                               [helper.make_tensor_value_info("branch_out", TensorProto.FLOAT, None)])
    other = helper.make_graph([helper.make_node("Identity", ["b1"], ["other_out"])], "else", [],
                              [helper.make_tensor_value_info("other_out", TensorProto.FLOAT, None)])
    flag = numpy_helper.from_array(np.array(True), "flag")
    nodes = [helper.make_node("Abs", ["x"], ["b1"]), helper.make_node("Abs", ["x"], ["b2"]),
             helper.make_node("If", ["flag"], ["picked"], then_branch=branch, else_branch=other),
             helper.make_node("Add", ["picked", "b1"], ["out"])]
    model = _model(nodes, [flag], ["out"])
    expected = _run(model, _feeds(batch))
    assert share_work(model, _feeds(1), _feeds(2)) == 1
    then = next(a.g for a in model.graph.node[1].attribute if a.name == "then_branch")
    assert list(then.node[0].input) == ["b1"]  # the branch reads the kept Abs
    assert np.array_equal(_run(model, _feeds(batch))[0], expected[0])
