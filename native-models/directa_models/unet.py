"""The Direct-a-Video UNet: a diffusers UNet3DConditionModel with the camera module and
object-control processors installed, called with the package contract's inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch
from diffusers import UNet3DConditionModel
from torch import nn

from .camera import install_camera_module
from .camera import is_camera_key as is_fuser_key
from .camera_coords import MODES as WINDOW_MODES
from .camera_coords import install_window_camera
from .controls import CameraControls, ControlState, ObjectControls
from .object_control import install_object_control

UNET_INPUTS = (
    "sample",
    "timestep",
    "encoder_hidden_states",
    "camera",
    "camera_gate",
    "region_masks",
    "region_tokens",
    "region_gain",
    "suppress_tokens",
)
UNET_OUTPUT = "noise_pred"


#: the UNet config key (not a diffusers one) that picks the camera path
CAMERA_KEY = "camera_conditioning"
CAMERA_MODES = ("official-fuser", *WINDOW_MODES)


def is_camera_key(key: str) -> bool:
    """True for state-dict keys of a camera path: the official module's (embedder, fusers)
    or the built-in model's window-coordinate path."""
    return is_fuser_key(key) or key.startswith("camera_coords.")


class CheckpointError(ValueError):
    """A state dict does not fit the model; the message names the offending keys."""


class DirectAVideoUNet(nn.Module):
    """``self.unet`` is the diffusers model; its state dict is the ZeroScope layout plus the
    camera path's keys: the official module (``position_net.*``, ``*.fuser.*``), or for
    ``camera_mode`` "window-coords" the built-in model's ``camera_coords.*`` (camera_coords.py)."""

    def __init__(self, unet: UNet3DConditionModel, camera_mode: str = "official-fuser") -> None:
        super().__init__()
        if camera_mode not in CAMERA_MODES:
            raise ValueError(f"unknown {CAMERA_KEY} {camera_mode!r}: use one of {', '.join(CAMERA_MODES)}")
        self.unet = unet
        self.camera_mode = camera_mode
        self.state = ControlState(num_levels=len(unet.down_blocks))
        if camera_mode in WINDOW_MODES:
            install_window_camera(unet, self.state, camera_mode)
        else:
            install_camera_module(unet, self.state)
        install_object_control(unet, self.state)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DirectAVideoUNet:
        """A diffusers UNet3D config, plus optionally ``camera_conditioning``."""
        config = dict(config)
        mode = config.pop(CAMERA_KEY, "official-fuser")
        return cls(UNet3DConditionModel.from_config(config), mode)

    def forward(
        self,
        sample: torch.Tensor,
        timestep: torch.Tensor,
        encoder_hidden_states: torch.Tensor,
        camera: torch.Tensor,
        camera_gate: torch.Tensor,
        region_masks: torch.Tensor,
        region_tokens: torch.Tensor,
        region_gain: torch.Tensor,
        suppress_tokens: torch.Tensor,
    ) -> torch.Tensor:
        if self.camera_mode in WINDOW_MODES:
            cam = CameraControls(tokens=None, gate=camera_gate, camera=camera)
        else:
            cam = CameraControls(tokens=self.unet.position_net(camera), gate=camera_gate)
        objects = ObjectControls(region_masks, region_tokens, region_gain, suppress_tokens)
        with self.state.active(cam, objects):
            return self.unet(sample, timestep, encoder_hidden_states, return_dict=False)[0]

    def camera_state_dict(self) -> dict[str, torch.Tensor]:
        return {k: v for k, v in self.unet.state_dict().items() if is_camera_key(k)}

    def load_base_state_dict(self, state_dict: Mapping[str, torch.Tensor]) -> None:
        """Load a plain UNet3DConditionModel state dict; camera weights are left as they are."""
        self._load(state_dict, camera=False, what="base UNet state dict")

    def load_camera_state_dict(self, state_dict: Mapping[str, torch.Tensor]) -> None:
        """Load an official-layout camera checkpoint: exactly the camera keys, nothing else."""
        self._load(state_dict, camera=True, what="camera checkpoint")

    def _load(self, state_dict: Mapping[str, torch.Tensor], camera: bool, what: str) -> None:
        own = self.unet.state_dict()
        expected = {k for k in own if is_camera_key(k) == camera}
        missing = sorted(expected - state_dict.keys())
        unexpected = sorted(state_dict.keys() - expected)
        problems = []
        if missing:
            problems.append(f"missing {len(missing)} keys, e.g. {missing[:3]}")
        if unexpected:
            problems.append(f"unexpected {len(unexpected)} keys, e.g. {unexpected[:3]}")
        wrong = [k for k in expected & state_dict.keys() if tuple(state_dict[k].shape) != tuple(own[k].shape)]
        if wrong:
            k = sorted(wrong)[0]
            problems.append(
                f"{len(wrong)} keys have wrong shapes, e.g. {k}: {tuple(state_dict[k].shape)} "
                f"instead of {tuple(own[k].shape)}"
            )
        if problems:
            raise CheckpointError(f"{what} does not fit the model: " + "; ".join(problems))
        merged = {**own, **{k: v.to(own[k].dtype) for k, v in state_dict.items()}}
        self.unet.load_state_dict(merged, strict=True)
