"""Attention over short sequences as ONNX Attention (short_attention.py): which nodes are
replaced, with what, and that the graph still computes the same attention."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, numpy_helper

from directa_models import short_attention
from directa_models.short_attention import shorten_attention

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"


def _model(length: int, with_bias: bool) -> onnx.ModelProto:
    inputs = [helper.make_tensor_value_info(name, TensorProto.FLOAT, ["B", length, 16]) for name in ("q", "k", "v")]
    names = ["q", "k", "v"]
    weights = []
    if with_bias:
        weights.append(numpy_helper.from_array(
            np.random.default_rng(3).standard_normal((1, 1, length, length), dtype=np.float32), "bias"))
        names += ["", "", "bias"]
    nodes = [helper.make_node("MultiHeadAttention", names, ["o"], domain="com.microsoft", num_heads=4, scale=0.3),
             helper.make_node("MultiHeadAttention", ["q", "k", "v"], ["o2"], domain="com.microsoft", num_heads=2),
             helper.make_node("Add", ["o", "o2"], ["y"])]
    graph = helper.make_graph(nodes, "g", inputs, [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], weights)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                             ir_version=8)


def _feeds(batch: int, length: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(batch)
    return {name: rng.standard_normal((batch, length, 16), dtype=np.float32) for name in ("q", "k", "v")}


def _run(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> np.ndarray:
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)[0]


@pytest.mark.parametrize("with_bias", [False, True])
def test_short_attention_becomes_onnx_attention_with_the_same_heads_scale_and_bias(with_bias: bool) -> None:
    model = _model(12, with_bias)
    expected = _run(model, _feeds(3, 12))
    assert shorten_attention(model, _feeds(1, 12), _feeds(2, 12)) == 2
    nodes = [node for node in model.graph.node if node.op_type == "Attention"]
    assert len(nodes) == 2 and all(node.domain == "" for node in nodes)
    attributes = {a.name: helper.get_attribute_value(a) for a in nodes[0].attribute}
    assert attributes["q_num_heads"] == attributes["kv_num_heads"] == 4
    assert attributes["scale"] == pytest.approx(0.3)
    assert "scale" not in {a.name for a in nodes[1].attribute}  # the default 1/sqrt(head size), as before
    assert list(nodes[0].input) == (["q", "k", "v", "bias"] if with_bias else ["q", "k", "v"])
    assert next(o.version for o in model.opset_import if o.domain == "") == 23 and model.ir_version >= 10
    np.testing.assert_allclose(_run(model, _feeds(3, 12)), expected, rtol=1e-5, atol=1e-6)


def test_long_sequences_keep_flash_attention(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(short_attention, "MAX_KEYS", 8)
    model = _model(12, False)
    assert shorten_attention(model, _feeds(1, 12), _feeds(2, 12)) == 0
    assert [node.op_type for node in model.graph.node].count("MultiHeadAttention") == 2
    assert next(o.version for o in model.opset_import if o.domain == "") == 17


def test_a_result_beyond_the_tolerance_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _model(12, False)
    # as if the new kernel computed another attention: scaled differently
    monkeypatch.setattr(short_attention, "_replacement", lambda node: helper.make_node(
        "Attention", list(node.input[:3]), list(node.output), q_num_heads=4, kv_num_heads=4, scale=2.0))
    with pytest.raises(AssertionError, match="attention as Attention changed output y beyond"):
        shorten_attention(model, _feeds(1, 12), _feeds(2, 12))


def test_the_shipped_unet_keeps_flash_attention_only_at_full_resolution() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    flash = [node.name for node in graph.node if node.op_type == "MultiHeadAttention"]
    assert len(flash) == 3 and all("attn1" in name and ("down_blocks.0" in name or "up_blocks.2" in name) for name in flash)
    assert sum(node.op_type == "Attention" for node in graph.node) == 27
