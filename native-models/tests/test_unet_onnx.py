"""The Direct-a-Video UNet against stock diffusers, and its ONNX export against PyTorch.

Tolerances: PyTorch vs diffusers 1e-5 absolute (the same float32 ops, attention by
explicit softmax instead of SDPA); ONNX vs PyTorch 1e-4 absolute (onnxruntime fuses and
reorders float32 ops). Outputs are O(1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from diffusers import UNet3DConditionModel

from directa_models.unet import DirectAVideoUNet

from .helpers import make_inputs, run_onnx

CASES = {
    "no control": {},
    "camera only": {"camera": True},
    "boxes only": {"boxes": True},
    "camera and boxes": {"camera": True, "boxes": True},
}


def _base_output(base: UNet3DConditionModel, inputs: dict[str, torch.Tensor]) -> torch.Tensor:
    with torch.no_grad():
        return base(inputs["sample"], inputs["timestep"], inputs["encoder_hidden_states"]).sample


def test_gate_off_without_objects_equals_diffusers(base_unet, trained_unet: DirectAVideoUNet) -> None:
    inputs = make_inputs()
    with torch.no_grad():
        out = trained_unet(**inputs)
        with_camera = trained_unet(**make_inputs(camera=True))
    assert torch.allclose(out, _base_output(base_unet, inputs), atol=1e-5)
    assert (with_camera - out).abs().max() > 1e-3  # the trained module does act when gated on


def test_boxes_with_zero_gain_and_suppression_equal_diffusers(base_unet, trained_unet: DirectAVideoUNet) -> None:
    inputs = make_inputs(boxes=True)
    inputs["region_gain"].zero_()
    inputs["suppress_tokens"].zero_()
    with torch.no_grad():
        out = trained_unet(**inputs)
    assert torch.allclose(out, _base_output(base_unet, inputs), atol=1e-5)


def test_exported_unet_with_gate_off_equals_diffusers(base_unet, trained_unet_onnx: Path) -> None:
    inputs = make_inputs()
    assert torch.allclose(run_onnx(trained_unet_onnx, inputs), _base_output(base_unet, inputs), atol=1e-4)


@pytest.mark.parametrize("case", CASES)
def test_onnx_equals_pytorch(case: str, trained_unet: DirectAVideoUNet, trained_unet_onnx: Path) -> None:
    inputs = make_inputs(**CASES[case])
    with torch.no_grad():
        expected = trained_unet(**inputs)
    actual = run_onnx(trained_unet_onnx, inputs)
    assert actual.shape == expected.shape
    assert torch.allclose(actual, expected, atol=1e-4), (actual - expected).abs().max()
    if case != "no control":
        assert (actual - run_onnx(trained_unet_onnx, make_inputs())).abs().max() > 1e-3


def test_onnx_batch_is_free(trained_unet: DirectAVideoUNet, trained_unet_onnx: Path) -> None:
    inputs = make_inputs(batch=3, camera=True, boxes=True)  # exported with batch 1
    inputs["camera_gate"] = torch.tensor([1.0, 0.0, 1.0])
    with torch.no_grad():
        expected = trained_unet(**inputs)
    assert torch.allclose(run_onnx(trained_unet_onnx, inputs), expected, atol=1e-4)
