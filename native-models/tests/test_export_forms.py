"""Export forms (fused attention, Gemm, split GEGLU, temporal Conv2d) and the Reshape pass:
each exported graph uses the operators the form is for and equals its PyTorch module; the
modules are unchanged outside an export."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch
from diffusers.models.activations import GEGLU
from diffusers.models.attention_processor import Attention, AttnProcessor2_0
from torch import nn

from directa_models.contract import TensorSpec
from directa_models.export_forms import FusedObjectControlProcessor, onnx_forms
from directa_models.graph_passes import _static_target, fix_batch_reshapes
from directa_models.object_control import ObjectControlProcessor
from directa_models.onnx_export import export_graph
from directa_models.unet import DirectAVideoUNet

from .helpers import make_inputs, run_onnx


def _ops(path: Path) -> Counter[str]:
    return Counter(node.op_type for node in onnx.load(str(path)).graph.node)


def _export(module: nn.Module, example: torch.Tensor, path: Path, plain: bool = False) -> Path:
    shape = ("B", *example.shape[1:])
    out_shape = ("B", *module(example).shape[1:])
    export_graph(module, [example], path, [TensorSpec("x", "float32", shape)], [TensorSpec("y", "float32", out_shape)],
                 plain=plain)
    return path


class SelfAttention(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.attn = Attention(32, heads=4, dim_head=8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.attn(x)


def test_attention_is_one_multi_head_attention_node(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = SelfAttention().eval()
    x = torch.randn(3, 20, 32)
    fused = _export(module, x, tmp_path / "fused.onnx")
    plain = _export(module, x, tmp_path / "plain.onnx", plain=True)
    # one fused node: over 20 tokens ONNX Attention (short_attention.py), else MultiHeadAttention
    assert _ops(fused)["Attention"] == 1 and "MultiHeadAttention" not in _ops(fused)
    assert "Softmax" not in _ops(fused) and "Transpose" not in _ops(fused)
    assert "MultiHeadAttention" not in _ops(plain) and "Softmax" in _ops(plain)
    with torch.no_grad():
        expected = module(x)
    assert torch.allclose(run_onnx(fused, {"x": x}), expected, atol=1e-5)
    assert torch.allclose(run_onnx(fused, {"x": x[:1]}), expected[:1], atol=1e-5)


class Mlp(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.geglu = GEGLU(16, 24)
        self.out = nn.Linear(24, 8)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.geglu(x))


def test_linear_layers_are_gemm_and_geglu_is_split(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = Mlp().eval()
    x = torch.randn(2, 5, 7, 16)
    fused = _ops(_export(module, x, tmp_path / "fused.onnx"))
    plain = _ops(_export(module, x, tmp_path / "plain.onnx", plain=True))
    assert fused["Gemm"] == 3 and fused["MatMul"] == 0 and fused["Slice"] == 0
    assert plain["MatMul"] == 2 and plain["Slice"] + plain["Split"] >= 1
    with torch.no_grad():
        expected = module(x)
    assert torch.allclose(run_onnx(tmp_path / "fused.onnx", {"x": x}), expected, atol=1e-5)


class TemporalConv(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv3d(6, 5, (3, 1, 1), padding=(1, 0, 0))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.conv(x)


def test_temporal_convolution_is_two_dimensional(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = TemporalConv().eval()
    x = torch.randn(2, 6, 4, 3, 5)
    path = _export(module, x, tmp_path / "fused.onnx")
    graph = onnx.load(str(path)).graph
    conv = next(node for node in graph.node if node.op_type == "Conv")
    weight = next(t for t in graph.initializer if t.name == conv.input[1])
    assert list(weight.dims) == [5, 6, 3, 1]
    with torch.no_grad():
        expected = module(x)
    assert torch.allclose(run_onnx(path, {"x": x}), expected, atol=1e-5)


def test_modules_are_restored_after_an_export(trained_unet: DirectAVideoUNet) -> None:
    before = {name: module.processor for name, module in trained_unet.named_modules() if isinstance(module, Attention)}
    with onnx_forms(trained_unet) as installed:
        assert installed > 0
        processors = [m.processor for m in trained_unet.modules() if isinstance(m, Attention)]
        assert any(isinstance(p, FusedObjectControlProcessor) for p in processors)
        assert not any(type(p) is AttnProcessor2_0 for p in processors)
    after = {name: module.processor for name, module in trained_unet.named_modules() if isinstance(module, Attention)}
    assert after == before
    assert any(type(p) is ObjectControlProcessor for p in after.values())
    assert not any("forward" in vars(module) for module in trained_unet.modules())


def test_the_exported_unet_uses_fused_attention(trained_unet: DirectAVideoUNet, trained_unet_onnx: Path) -> None:
    attention_layers = sum(isinstance(m, Attention) for m in trained_unet.modules())
    graph = onnx.load(str(trained_unet_onnx)).graph
    ops = Counter(node.op_type for node in graph.node)
    branches = {a.name: Counter(n.op_type for n in onnx.helper.get_attribute_value(a).node)
                for node in graph.node if node.op_type == "If" for a in node.attribute}
    # one fused node per attention layer: MultiHeadAttention, or ONNX Attention over short
    # sequences (short_attention.py); the guidance batch's shared prefix (shared_prefix.py)
    # holds the input transformer's
    fused = ("MultiHeadAttention", "Attention")
    then, other = (sum(branches[branch][op] for op in fused) for branch in ("then_branch", "else_branch"))
    assert then == other > 0
    assert sum(ops[op] for op in fused) + other == attention_layers
    assert ops["Shape"] < 20  # the reshape targets are constants, not computed from the batch
    inputs = make_inputs(batch=3, camera=True, boxes=True)
    with torch.no_grad():
        expected = trained_unet(**inputs)
    assert torch.allclose(run_onnx(trained_unet_onnx, inputs), expected, atol=1e-4)


class Flatten(nn.Module):
    """Reshapes the tracer computes from the input's shape: two whose output grows with the
    batch on one axis, one whose output grows with its square."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        rows = x.reshape(x.shape[0] * x.shape[1], x.shape[2])  # [3B, 4]
        flat = rows.reshape(x.shape[0], -1)  # [B, 12]
        outer = flat[:, None, :] * flat[None, :, :]
        square = outer.reshape(outer.shape[0] * outer.shape[1], -1)  # [B * B, 12]: stays computed
        return flat * square.sum(0)


def test_batch_reshapes_become_constants(tmp_path: Path) -> None:
    x = torch.randn(2, 3, 4)
    path = tmp_path / "plain.onnx"
    _export(Flatten(), x, path, plain=True)
    model = onnx.load(str(path))
    small = {"x": x.numpy()}
    large = {"x": np.concatenate([x.numpy()] * 2)}
    assert fix_batch_reshapes(model, small, large, growth=2) == 2
    reshapes = [node for node in model.graph.node if node.op_type == "Reshape"]
    constants = {n.output[0]: onnx.numpy_helper.to_array(n.attribute[0].t).tolist()
                 for n in model.graph.node if n.op_type == "Constant"}
    assert sorted(constants[n.input[1]] for n in reshapes if n.input[1] in constants) == [[-1, 4], [-1, 12]]
    assert sum(n.input[1] not in constants for n in reshapes) == 1  # the one of B * B rows
    fixed = tmp_path / "fixed.onnx"
    onnx.save(model, str(fixed))
    for batch in (1, 5):
        x = torch.randn(batch, 3, 4)
        assert torch.allclose(run_onnx(fixed, {"x": x}), Flatten()(x), atol=1e-5)


@pytest.mark.parametrize(("small", "large", "expected"), [
    ([6, 4], [6, 4], [6, 4]),
    ([6, 4], [12, 4], [-1, 4]),
    ([2, 3, 4], [4, 3, 8], None),
    ([2, 3], [5, 3], None),
])
def test_static_target(small: list[int], large: list[int], expected: list[int] | None) -> None:
    target = _static_target(np.array(small), np.array(large), growth=2)
    assert (target is None and expected is None) or target.tolist() == expected
