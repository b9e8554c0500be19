"""The guidance batch's shared prefix: computed once inside an If when the batch is 2 with
equal halves, as before otherwise; graphs where that would be wrong are left alone."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from directa_models.contract import TensorSpec
from directa_models.onnx_export import export_graph
from directa_models.shared_prefix import _prefix
from directa_models.unet import DirectAVideoUNet

from .helpers import make_inputs, run_onnx


class TwoInputs(nn.Module):
    """A prefix on x alone (conv, norm, activation, conv), then mixed with y per sample."""

    def __init__(self, transposed: bool = False) -> None:
        super().__init__()
        self.conv = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.Conv2d(4, 4, 1))
        self.norm = nn.GroupNorm(2, 4)
        self.mix = nn.Linear(5, 4)
        self.transposed = transposed

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        prefix = torch.relu(self.norm(self.conv(x)))  # [B, 4, 6, 6]
        if not self.transposed:
            return prefix * self.mix(y)[:, :, None, None]
        channels_first = prefix.permute(1, 0, 2, 3).reshape(4, -1)  # [4, B * 36]: handed on, batch inside
        weights = self.mix(y).t().repeat_interleave(36, dim=1)
        return (channels_first * weights).reshape(4, -1, 6, 6).permute(1, 0, 2, 3)


def _export(module: nn.Module, path: Path, shared: tuple[str, ...] = ("x",)) -> onnx.ModelProto:
    specs = [TensorSpec("x", "float32", ("B", 3, 6, 6)), TensorSpec("y", "float32", ("B", 5))]
    export_graph(module.eval(), [torch.randn(1, 3, 6, 6), torch.randn(1, 5)], path, specs,
                 [TensorSpec("out", "float32", ("B", 4, 6, 6))], shared_batch_inputs=shared)
    return onnx.load(str(path))


def _check(module: nn.Module, path: Path, x: torch.Tensor, y: torch.Tensor) -> None:
    with torch.no_grad():
        expected = module(x, y)
    assert torch.allclose(run_onnx(path, {"x": x, "y": y}), expected, atol=1e-5)


def test_prefix_is_shared_in_an_if(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = TwoInputs()
    graph = _export(module, tmp_path / "g.onnx").graph
    branch = next(node for node in graph.node if node.op_type == "If")
    then_branch = next(a for a in branch.attribute if a.name == "then_branch")
    then_ops = [n.op_type for n in onnx.helper.get_attribute_value(then_branch).node]
    assert "Conv" in then_ops and "Concat" in then_ops
    assert "Conv" not in [n.op_type for n in graph.node]  # only inside the branches
    x, y = torch.randn(1, 3, 6, 6), torch.randn(2, 5)
    _check(module, tmp_path / "g.onnx", torch.cat([x, x]), y)  # equal halves: the shared branch
    _check(module, tmp_path / "g.onnx", torch.randn(2, 3, 6, 6), y)  # different halves
    _check(module, tmp_path / "g.onnx", x, y[:1])  # batch 1
    _check(module, tmp_path / "g.onnx", torch.cat([x, x, x]), torch.randn(3, 5))  # batch 3, all equal


def test_a_prefix_of_one_convolution_is_left_alone(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = TwoInputs()
    module.conv = module.conv[0]
    assert "If" not in [node.op_type for node in _export(module, tmp_path / "g.onnx").graph.node]
    _check(module, tmp_path / "g.onnx", torch.randn(2, 3, 6, 6), torch.randn(2, 5))


def test_a_prefix_that_is_not_batch_major_is_left_alone(tmp_path: Path) -> None:
    torch.manual_seed(0)
    module = TwoInputs(transposed=True)
    positions, handed_on = _prefix(_export(module, tmp_path / "plain.onnx", shared=()).graph, ["x"])
    assert positions and handed_on  # there is a prefix, it hands on [4, B * 36]
    graph = _export(module, tmp_path / "g.onnx").graph
    assert "If" not in [node.op_type for node in graph.node]
    x = torch.randn(1, 3, 6, 6)
    _check(module, tmp_path / "g.onnx", torch.cat([x, x]), torch.randn(2, 5))


def test_unet_guidance_batch_equals_pytorch(trained_unet: DirectAVideoUNet, trained_unet_onnx: Path) -> None:
    assert "If" in [node.op_type for node in onnx.load(str(trained_unet_onnx)).graph.node]
    inputs = make_inputs(batch=2, camera=True, boxes=True)
    inputs["sample"] = torch.cat([inputs["sample"][:1]] * 2)
    inputs["timestep"] = torch.full((2,), 900.0)
    inputs["camera"][1] = torch.tensor([0.0, 0.0, 1.0])  # the unconditional half: null camera, no boxes
    for name in ("region_masks", "region_tokens", "region_gain", "suppress_tokens"):
        inputs[name][1] = 0.0
    with torch.no_grad():
        expected = trained_unet(**inputs)
    actual = run_onnx(trained_unet_onnx, inputs)
    assert torch.allclose(actual, expected, atol=1e-4)
    assert not torch.allclose(actual[0], actual[1], atol=1e-3)  # the halves still differ where they should
    assert np.isfinite(actual.numpy()).all()
