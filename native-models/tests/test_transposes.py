"""Channel-last transposes in two fast steps (transposes.py): which permutations are split,
into what, and that the tensor comes out the same."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from directa_models.transposes import _plan, move_transposes

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"
ENTRY = [0, 3, 4, 2, 1]  # [B, C, F, H, W] -> [B, H, W, F, C], a temporal transformer's entry


@pytest.mark.parametrize(("perm", "shape", "expected"), [
    (ENTRY, [1, 32, 16, 18, 32], ([0, 2, 3, 4, 1], [0, 2, 3, 1, 4])),
    (ENTRY, [1, 128, 16, 5, 8], ([0, 2, 3, 4, 1], [0, 2, 3, 1, 4])),
    ([0, 3, 4, 1, 2], [1, 18, 32, 16, 32], None),  # the exit: only 16 elements between, kept
    ([0, 2, 3, 4, 1], [1, 32, 16, 18, 32], None),  # one axis moved: already fast
    ([0, 2, 1, 3, 4], [1, 32, 16, 18, 32], None),  # innermost axis unchanged: block copies
    ([0, 2, 3, 1], [16, 32, 18, 32], None),
])
def test_plan(perm: list[int], shape: list[int], expected: tuple[list[int], list[int]] | None) -> None:
    assert _plan(perm, shape) == expected
    if expected is not None:
        x = np.arange(np.prod(shape)).reshape(shape)
        assert np.array_equal(x.transpose(expected[0]).transpose(expected[1]), x.transpose(perm))


def _entry_model(gemm_attributes: dict[str, int], rows_width: int = 4) -> onnx.ModelProto:
    """A temporal transformer's entry: [B, C, F, H, W] -> rows of C in (H, W, F) order -> a
    projection to 6 channels; and a way back that must stay one Transpose."""
    rng = np.random.default_rng(1)
    shape = (6, rows_width) if gemm_attributes.get("transB") else (rows_width, 6)
    weight = rng.standard_normal(shape, dtype=np.float32)
    nodes = [helper.make_node("Relu", ["x"], ["r"]), helper.make_node("Transpose", ["r"], ["t"], perm=ENTRY),
             helper.make_node("Reshape", ["t", "rows_shape"], ["rows"]),
             helper.make_node("Gemm", ["rows", "w", "b"], ["p"], **gemm_attributes),
             helper.make_node("Reshape", ["p", "seq_shape"], ["seq"]),
             helper.make_node("Transpose", ["r"], ["back"], perm=[0, 4, 3, 1, 2])]
    weights = [numpy_helper.from_array(weight, "w"), numpy_helper.from_array(rng.standard_normal(6, dtype=np.float32), "b"),
               numpy_helper.from_array(np.array([-1, rows_width], np.int64), "rows_shape"),
               numpy_helper.from_array(np.array([-1, 8, 6], np.int64), "seq_shape")]
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 4, 8, 9, 3])],
        [helper.make_tensor_value_info(name, TensorProto.FLOAT, None) for name in ("seq", "p", "back")], weights)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


@pytest.mark.parametrize("gemm_attributes", [{}, {"transB": 1}])
def test_the_second_step_moves_past_the_projection_and_the_rows_stay_the_same(gemm_attributes: dict[str, int]) -> None:
    model = _entry_model(gemm_attributes)
    rng = np.random.default_rng(0)
    one, two = (rng.standard_normal((batch, 4, 8, 9, 3), dtype=np.float32) for batch in (1, 2))
    expected = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, {"x": two})
    assert move_transposes(model, {"x": one}, {"x": two}) == 1  # the entry (8 x 9 elements between), not the way back
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    assert all(np.array_equal(a, b) for a, b in zip(session.run(None, {"x": two}), expected, strict=True))
    perms = [list(node.attribute[0].ints) for node in model.graph.node if node.op_type == "Transpose"]
    assert perms == [[0, 2, 3, 4, 1], [0, 2, 3, 1, 4], [0, 4, 3, 1, 2]]  # channel last, then blocks after the Gemm
    order = [node.op_type for node in model.graph.node]
    assert order.index("Gemm") < len(order) - 1 - order[::-1].index("Transpose") - 1  # blocks after the Gemm


def test_a_transpose_whose_rows_are_not_its_channels_is_kept() -> None:
    model = _entry_model({}, rows_width=2)  # rows of 2 of the 4 channels: moving the blocks would mix them
    rng = np.random.default_rng(0)
    one, two = (rng.standard_normal((batch, 4, 8, 9, 3), dtype=np.float32) for batch in (1, 2))
    assert move_transposes(model, {"x": one}, {"x": two}) == 0


def test_the_shipped_unet_enters_its_temporal_transformers_in_two_steps() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    perms = [list(node.attribute[0].ints) for node in graph.node if node.op_type == "Transpose"]
    assert ENTRY not in perms
    assert perms.count([0, 2, 3, 4, 1]) >= 8


def test_the_projection_is_found_through_a_chain_of_reshapes() -> None:
    """As the tracer writes it before row_chunks merges Reshape pairs: [B*H*W, F, C] first."""
    model = _entry_model({})
    graph = model.graph
    graph.initializer.append(numpy_helper.from_array(np.array([-1, 8, 4], np.int64), "seq_in_shape"))
    first = next(node for node in graph.node if node.op_type == "Reshape" and node.input[0] == "t")
    first.input[0] = "t_seq"
    graph.node.insert(list(graph.node).index(first), helper.make_node("Reshape", ["t", "seq_in_shape"], ["t_seq"]))
    rng = np.random.default_rng(0)
    one, two = (rng.standard_normal((batch, 4, 8, 9, 3), dtype=np.float32) for batch in (1, 2))
    assert move_transposes(model, {"x": one}, {"x": two}) == 1
