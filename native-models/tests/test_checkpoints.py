"""Strict loading of official-layout camera checkpoints and ZeroScope-shaped UNets."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from directa_models.convert_zeroscope import load_zeroscope, read_camera_checkpoint
from directa_models.unet import CheckpointError

from .helpers import direct_a_video, official_camera_checkpoint, write_fake_zeroscope


def test_camera_keys_follow_the_official_layout(base_unet) -> None:
    model = direct_a_video(base_unet)
    official = official_camera_checkpoint(base_unet, seed=3)
    own = model.camera_state_dict()
    assert set(own) == set(official)
    assert all(tuple(own[k].shape) == tuple(official[k].shape) for k in official)


def test_official_camera_checkpoint_loads_strictly(base_unet) -> None:
    model = direct_a_video(base_unet)
    official = official_camera_checkpoint(base_unet, seed=3)
    model.load_camera_state_dict(official)
    state = model.unet.state_dict()
    assert all(torch.equal(state[k], v) for k, v in official.items())
    assert all(torch.equal(state[k], v) for k, v in base_unet.state_dict().items())


def test_camera_checkpoint_with_a_missing_key_is_refused(base_unet) -> None:
    official = official_camera_checkpoint(base_unet, seed=3)
    del official["mid_block.temp_attentions.0.transformer_blocks.0.fuser.alpha_attn"]
    with pytest.raises(CheckpointError, match=r"missing 1 keys.*mid_block\.temp_attentions\.0"):
        direct_a_video(base_unet).load_camera_state_dict(official)


def test_camera_checkpoint_with_an_unexpected_key_is_refused(base_unet) -> None:
    official = official_camera_checkpoint(base_unet, seed=3)
    official["transformer_in.transformer_blocks.0.fuser.alpha_attn"] = torch.tensor(0.0)
    with pytest.raises(CheckpointError, match=r"unexpected 1 keys.*transformer_in"):
        direct_a_video(base_unet).load_camera_state_dict(official)


def test_camera_checkpoint_with_a_wrong_shape_is_refused(base_unet) -> None:
    official = official_camera_checkpoint(base_unet, seed=3)
    official["position_net.linears_s.4.weight"] = torch.zeros(7, 512)
    with pytest.raises(CheckpointError, match=r"position_net\.linears_s\.4\.weight: \(7, 512\)"):
        direct_a_video(base_unet).load_camera_state_dict(official)


def test_base_state_dict_must_be_complete(base_unet) -> None:
    state = base_unet.state_dict()
    del state["conv_in.weight"]
    with pytest.raises(CheckpointError, match=r"base UNet.*conv_in\.weight"):
        direct_a_video(base_unet).load_base_state_dict(state)


@pytest.mark.parametrize("suffix", [".ckpt", ".safetensors"])
def test_camera_checkpoint_files(base_unet, tmp_path: Path, suffix: str) -> None:
    official = {k: v.half() for k, v in official_camera_checkpoint(base_unet, seed=3).items()}
    path = tmp_path / f"unet_cam_model{suffix}"
    if suffix == ".ckpt":
        torch.save(official, path)
    else:
        save_file(official, str(path))
    loaded = read_camera_checkpoint(path)
    assert loaded.keys() == official.keys()
    assert all(v.dtype == torch.float32 and torch.equal(v, official[k].float()) for k, v in loaded.items())


def test_camera_checkpoint_that_is_not_a_state_dict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "unet_cam_model.ckpt"
    torch.save([1, 2, 3], path)
    with pytest.raises(CheckpointError, match="flat dict of tensors"):
        read_camera_checkpoint(path)


def test_zeroscope_shaped_unet_loads_strictly(tmp_path: Path) -> None:
    base = write_fake_zeroscope(tmp_path / "model")
    official = official_camera_checkpoint(base, seed=5)
    torch.save(official, tmp_path / "unet_cam_model.ckpt")
    bundle = load_zeroscope(tmp_path / "model", tmp_path / "unet_cam_model.ckpt")
    state = bundle.unet.unet.state_dict()
    assert set(state) == set(base.state_dict()) | set(official)
    assert all(torch.equal(state[k], v) for k, v in base.state_dict().items())
    assert all(torch.equal(state[k], v) for k, v in official.items())


def test_missing_zeroscope_subfolder_is_named(tmp_path: Path) -> None:
    (tmp_path / "model" / "unet").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="text_encoder, tokenizer, vae"):
        load_zeroscope(tmp_path / "model", tmp_path / "unet_cam_model.ckpt")
