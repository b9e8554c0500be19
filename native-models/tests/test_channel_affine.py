"""A group norm's per-channel affine in one pass (channel_affine.py): which Mul/Add pairs
become BatchNormalization, and that the outputs stay bit for bit the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from onnx import TensorProto, helper, numpy_helper
from torch import nn

from directa_models import onnx_export
from directa_models.channel_affine import fuse_channel_affines
from directa_models.contract import TensorSpec

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"


def _model(nodes: list[onnx.NodeProto], weights: dict[str, np.ndarray]) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 3, 4, 5])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(value, name) for name, value in weights.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _feeds(batch: int) -> dict[str, np.ndarray]:
    return {"x": np.random.default_rng(batch).standard_normal((batch, 3, 4, 5), dtype=np.float32)}


def test_a_per_channel_scale_and_shift_become_one_node() -> None:
    rng = np.random.default_rng(0)
    weights = {"g": rng.standard_normal((3, 1, 1), dtype=np.float32), "b": rng.standard_normal((3, 1, 1), dtype=np.float32),
               "row": rng.standard_normal((1, 5), dtype=np.float32)}
    nodes = [helper.make_node("Mul", ["x", "g"], ["m"]), helper.make_node("Add", ["m", "b"], ["a"]),
             # a per-column scale (not per channel) and a Mul read twice stay as they are
             helper.make_node("Mul", ["a", "row"], ["r"]), helper.make_node("Add", ["r", "b"], ["s"]),
             helper.make_node("Mul", ["s", "g"], ["t"]), helper.make_node("Add", ["t", "b"], ["u"]),
             helper.make_node("Sub", ["u", "t"], ["y"])]
    model = _model(nodes, weights)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    expected = [session.run(None, _feeds(batch))[0] for batch in (1, 3)]
    assert fuse_channel_affines(model, _feeds(1), _feeds(2)) == 1
    assert Counter(node.op_type for node in model.graph.node) == {"BatchNormalization": 1, "Mul": 2, "Add": 2, "Sub": 1}
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    for batch, before in zip((1, 3), expected, strict=True):
        assert np.array_equal(session.run(None, _feeds(batch))[0], before)


def test_an_exported_group_norm_ends_in_one_batch_normalization(tmp_path: Path) -> None:
    torch.manual_seed(0)
    norm = nn.GroupNorm(2, 8)
    nn.init.normal_(norm.weight)
    nn.init.normal_(norm.bias)
    path = tmp_path / "norm.onnx"
    example = torch.randn(2, 8, 6, 5)
    onnx_export.export_graph(norm, [example], path, [TensorSpec("x", "float32", ("B", 8, 6, 5))], [TensorSpec("y", "float32", ("B", 8, 6, 5))])
    ops = Counter(node.op_type for node in onnx.load(str(path)).graph.node)
    assert ops["BatchNormalization"] == 1 and ops["Mul"] == 0 and ops["Add"] == 0
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    np.testing.assert_allclose(session.run(None, {"x": example.numpy()})[0], norm(example).detach().numpy(),
                               rtol=1e-5, atol=1e-5)


def test_the_shipped_unet_has_no_group_norm_affine_left_as_mul_and_add() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    ops = Counter(node.op_type for node in graph.node)
    assert ops["BatchNormalization"] == ops["InstanceNormalization"] > 0
