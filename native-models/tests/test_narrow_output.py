"""A narrowing output projection folded into the feed-forward before it (narrow_output.py):
the match, with and without row chunks, and the same outputs within the tolerance."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from directa_models.narrow_output import narrow_outputs
from directa_models.row_chunks import chunk_rows

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"


def _block(out_channels: int) -> onnx.ModelProto:
    """x [B, 6, 8] -> ff (8 -> 16 -> 8) plus the residual x -> proj_out (8 -> out_channels)."""
    rng = np.random.default_rng(0)
    weights = {"w1": rng.standard_normal((16, 8)), "b1": rng.standard_normal(16), "w2": rng.standard_normal((8, 16)),
               "b2": rng.standard_normal(8), "wp": rng.standard_normal((out_channels, 8)),
               "bp": rng.standard_normal(out_channels)}
    shapes = {"rows": [-1, 8], "seq": [-1, 6, 8]}
    nodes = [helper.make_node("Reshape", ["x", "rows"], ["xr"]),
             helper.make_node("Gemm", ["xr", "w1", "b1"], ["h"], transB=1), helper.make_node("Relu", ["h"], ["a"]),
             helper.make_node("Gemm", ["a", "w2", "b2"], ["f"], transB=1), helper.make_node("Reshape", ["f", "seq"], ["fs"]),
             helper.make_node("Add", ["fs", "x"], ["s"]), helper.make_node("Reshape", ["s", "rows"], ["sr"]),
             helper.make_node("Gemm", ["sr", "wp", "bp"], ["y"], transB=1)]
    initializers = [numpy_helper.from_array(value.astype(np.float32), name) for name, value in weights.items()]
    initializers += [numpy_helper.from_array(np.array(value, np.int64), name) for name, value in shapes.items()]
    graph = helper.make_graph(nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 6, 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _feeds(batch: int) -> dict[str, np.ndarray]:
    return {"x": np.random.default_rng(batch).standard_normal((batch, 6, 8), dtype=np.float32)}


def _run(model: onnx.ModelProto, batch: int) -> np.ndarray:
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, _feeds(batch))[0]


@pytest.mark.parametrize("chunked", [False, True])
def test_the_narrowing_projection_moves_into_the_feed_forward(chunked: bool) -> None:
    model = _block(3)
    if chunked:
        assert chunk_rows(model, _feeds(1), _feeds(2), chunk_bytes=3 * 16 * 4) == 1
    expected = _run(model, 3)
    assert narrow_outputs(model, _feeds(1), _feeds(2)) == 1
    np.testing.assert_allclose(_run(model, 3), expected, rtol=1e-5, atol=1e-5)
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    last = [node for node in model.graph.node if node.op_type == "Gemm" and "w1" not in node.input]
    assert last and all(weights[node.input[1]].shape == (3, 16) for node in last)  # 16 -> 3, not 16 -> 8
    assert Counter(node.op_type for node in model.graph.node)["MatMul"] == 1  # the residual's 8 -> 3
    assert narrow_outputs(model, _feeds(1), _feeds(2)) == 0  # done once


def test_a_projection_that_keeps_the_width_is_left_alone() -> None:
    model = _block(8)
    assert narrow_outputs(model, _feeds(1), _feeds(2)) == 0


def test_a_feed_forward_output_read_elsewhere_is_left_alone() -> None:
    model = _block(3)
    model.graph.output.append(helper.make_tensor_value_info("f", TensorProto.FLOAT, None))
    assert narrow_outputs(model, _feeds(1), _feeds(2)) == 0


def test_the_shipped_input_transformer_projects_its_feed_forward_to_32_channels() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    assert not any(node.name == "/unet/transformer_in/proj_out/Gemm" for node in graph.node)
    weights = {t.name: list(t.dims) for t in graph.initializer}
    outs = [node for node in graph.node if node.name.startswith("/unet/transformer_in/transformer_blocks.0/ff/net.2/Gemm")]
    assert outs and all(weights[node.input[1]] == [32, 512] for node in outs)
