"""Shared fixtures: the tiny configuration, its base diffusers UNet and a Direct-a-Video
version of it with a trained camera module, in PyTorch and exported to ONNX."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from diffusers import UNet3DConditionModel

from directa_models.default_model import TINY_CONFIG, DefaultModelConfig, load_config
from directa_models.unet import DirectAVideoUNet

from .helpers import direct_a_video, export_unet, trained_camera_state

torch.set_num_threads(1)


@pytest.fixture(scope="session")
def tiny_config() -> DefaultModelConfig:
    return load_config(TINY_CONFIG)


@pytest.fixture(scope="session")
def base_unet(tiny_config: DefaultModelConfig) -> UNet3DConditionModel:
    torch.manual_seed(0)
    return UNet3DConditionModel.from_config(tiny_config.unet).eval()


@pytest.fixture(scope="session")
def trained_unet(base_unet: UNet3DConditionModel) -> DirectAVideoUNet:
    """The base UNet with a camera module as after training (non-zero gates)."""
    model = direct_a_video(base_unet)
    model.load_camera_state_dict(trained_camera_state(model))
    return model


@pytest.fixture(scope="session")
def trained_unet_onnx(trained_unet: DirectAVideoUNet, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_unet(trained_unet, tmp_path_factory.mktemp("unet") / "unet.onnx")
