"""The built-in model's window-coordinate camera path (camera_coords.py): the windows it
derives match the world's camera crop, an untrained path and a closed gate leave the base
model unchanged, the path acts once trained, and its ONNX export equals PyTorch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from diffusers import UNet3DConditionModel

from directa_models.camera_coords import MODES, TimeCamera, frame_windows, pixel_features, sub_clip_camera
from directa_models.unet import DirectAVideoUNet, is_camera_key
from directa_models.world.camera import camera_boxes

from .helpers import export_unet, make_inputs, run_onnx

MOVES = [(0.0, 0.0, 1.0), (0.8, -0.3, 1.0), (-0.5, 0.6, 1.7), (0.2, 0.9, 0.6)]


@pytest.mark.parametrize("move", MOVES)
def test_windows_are_the_worlds_crop_boxes(move: tuple[float, float, float]) -> None:
    ours = frame_windows(torch.tensor([move]), 16)[0].numpy()
    assert np.allclose(ours, camera_boxes(move, 16), atol=1e-6)


@pytest.mark.parametrize("move", MOVES)
def test_a_window_of_a_clip_gets_the_camera_of_what_it_shows(move: tuple[float, float, float]) -> None:
    camera = torch.tensor([move])
    whole = frame_windows(camera, 16)[0]
    assert torch.allclose(sub_clip_camera(camera, 16, 0, 16), camera, atol=1e-5)
    first, count = 5, 8
    sub = frame_windows(sub_clip_camera(camera, 16, first, count), count)[0]
    view = whole[first]
    size = view[2] - view[0]
    seen = (whole[first:first + count] - view[[0, 1, 0, 1]]) / size  # in units of the window's first view
    assert torch.allclose(sub, seen, atol=1e-5)


def test_pixel_features_follow_the_pan() -> None:
    still = pixel_features(frame_windows(torch.tensor([[0.0, 0.0, 1.0]]), 4), 3, 5)
    assert torch.equal(still[0, 0], still[0, 3])  # the null camera: every frame sees the same place
    pan = pixel_features(frame_windows(torch.tensor([[1.0, 0.0, 1.0]]), 4), 3, 5)
    assert torch.allclose(pan[0, 3, ..., 0] - pan[0, 0, ..., 0], torch.ones(3, 5))  # x moved one view right
    assert torch.allclose(pan[0, 3, ..., 1], pan[0, 0, ..., 1])  # y did not
    zoom = pixel_features(frame_windows(torch.tensor([[0.0, 0.0, 2.0]]), 2), 3, 5)
    assert torch.allclose(zoom[0, 1, ..., 2], torch.full((3, 5), -1.0))  # log2 scale of the last window


def _window_unet(base: UNet3DConditionModel, trained: bool, mode: str = "window-coords") -> DirectAVideoUNet:
    model = DirectAVideoUNet(UNet3DConditionModel.from_config(base.config), mode).eval()
    model.load_base_state_dict(base.state_dict())
    if trained:
        generator = torch.Generator().manual_seed(3)
        model.load_camera_state_dict({k: 0.2 * torch.randn(v.shape, generator=generator)
                                      for k, v in model.camera_state_dict().items()})
    return model


@pytest.fixture(scope="module", params=MODES)
def window_unet(request: pytest.FixtureRequest, base_unet: UNet3DConditionModel) -> DirectAVideoUNet:
    return _window_unet(base_unet, trained=True, mode=request.param)


def _base(base: UNet3DConditionModel, inputs: dict[str, torch.Tensor]) -> torch.Tensor:
    with torch.no_grad():
        return base(inputs["sample"], inputs["timestep"], inputs["encoder_hidden_states"]).sample


def test_camera_keys_are_the_window_path_only(window_unet: DirectAVideoUNet) -> None:
    keys = list(window_unet.camera_state_dict())
    assert keys and all(k.startswith("camera_coords.") and is_camera_key(k) for k in keys)
    assert not any(".fuser." in k or k.startswith("position_net.") for k in window_unet.unet.state_dict())


def test_untrained_path_or_closed_gate_is_the_base_model(base_unet: UNet3DConditionModel,
                                                         window_unet: DirectAVideoUNet) -> None:
    fresh = _window_unet(base_unet, trained=False)  # the time route is not zero-initialised: tested below
    with torch.no_grad():
        assert torch.allclose(fresh(**make_inputs(camera=True)), _base(base_unet, make_inputs()), atol=1e-5)
        assert torch.allclose(window_unet(**make_inputs()), _base(base_unet, make_inputs()), atol=1e-5)
        moved = window_unet(**make_inputs(camera=True))
        still = make_inputs(camera=True)
        still["camera"] = torch.tensor([[0.0, 0.0, 1.0]] * 2)
        assert (moved - window_unet(**still)).abs().max() > 1e-3  # a trained path reads the camera


def test_the_time_route_is_zero_for_the_null_camera_only() -> None:
    torch.manual_seed(5)
    route = TimeCamera(32)
    out = route(torch.tensor([[0.0, 0.0, 1.0], [0.6, 0.0, 1.0], [0.0, -0.4, 1.0], [0.0, 0.0, 1.5]]))
    assert float(out[0].abs().max()) < 1e-6
    assert all(float(row.abs().max()) > 1e-3 for row in out[1:])


def test_the_time_route_moves_the_output_at_once_and_a_closed_gate_stops_it(base_unet: UNet3DConditionModel) -> None:
    fresh = _window_unet(base_unet, trained=False, mode="window-coords+time")
    assert any(k.startswith("camera_coords.time.") for k in fresh.camera_state_dict())
    with torch.no_grad():
        still = make_inputs(camera=True)
        still["camera"] = torch.tensor([[0.0, 0.0, 1.0]] * 2)
        assert torch.allclose(fresh(**still), _base(base_unet, still), atol=1e-5)  # null camera: the base model
        moved = fresh(**make_inputs(camera=True))
        assert (moved - _base(base_unet, make_inputs())).abs().max() > 1e-4  # untrained, yet the move acts
        closed = make_inputs(camera=True)
        closed["camera_gate"] = torch.zeros(2)
        assert torch.allclose(fresh(**closed), _base(base_unet, closed), atol=1e-5)


def test_the_path_learns_from_the_first_step(base_unet: UNet3DConditionModel) -> None:
    fresh = _window_unet(base_unet, trained=False).train()
    fresh(**make_inputs(camera=True)).square().mean().backward()
    grads = [p.grad for n, p in fresh.unet.named_parameters() if n.startswith("camera_coords.proj")]
    assert grads and all(g is not None for g in grads) and sum(float(g.abs().sum()) for g in grads) > 0


def test_onnx_equals_pytorch(window_unet: DirectAVideoUNet, tmp_path: Path) -> None:
    path = export_unet(window_unet, tmp_path / "unet.onnx")
    for camera, boxes in ((True, False), (True, True), (False, False)):
        inputs = make_inputs(camera=camera, boxes=boxes)
        inputs["camera_gate"][1] = 0.0 if camera else inputs["camera_gate"][1]
        with torch.no_grad():
            expected = window_unet(**inputs)
        assert torch.allclose(run_onnx(path, inputs), expected, atol=1e-4)
    other = make_inputs(camera=True)
    other["camera"] = torch.tensor([[-0.7, 0.2, 0.7]] * 2)
    with torch.no_grad():
        assert torch.allclose(run_onnx(path, other), window_unet(**other), atol=1e-4)
