"""convert-zeroscope on a random ZeroScope-shaped pipeline saved with save_pretrained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from diffusers import AutoencoderKL, UNet3DConditionModel
from transformers import CLIPTextModel

from directa_models import convert_zeroscope
from directa_models.contract import graph_specs
from directa_models.package import sample_feeds
from directa_models.validate import validate_package

from .helpers import clip_vocab, official_camera_checkpoint, run_onnx, write_fake_zeroscope


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zeroscope")
    base = write_fake_zeroscope(root / "model")
    torch.save(official_camera_checkpoint(base, seed=7), root / "unet_cam_model.ckpt")
    args = ["--model-dir", str(root / "model"), "--camera-ckpt", str(root / "unet_cam_model.ckpt"),
            "--out", str(root / "package"), "--width", "64", "--height", "64", "--frames", "4"]
    assert convert_zeroscope.main(args) == 0
    return root


def _feeds(package: Path, key: str, batch: int) -> tuple[dict, dict[str, torch.Tensor]]:
    manifest = json.loads((package / "manifest.json").read_text())
    feeds = sample_feeds(graph_specs(manifest)[key][0], batch=batch)
    return manifest, {k: torch.from_numpy(v) for k, v in feeds.items()}


def test_converted_package_is_valid(converted: Path) -> None:
    package = converted / "package"
    assert validate_package(package) == []
    manifest = json.loads((package / "manifest.json").read_text())
    vocab = clip_vocab()
    assert manifest["text"]["maxTokens"] == 77 and manifest["text"]["dim"] == 32
    tokenizer = manifest["text"]["tokenizer"]
    assert (tokenizer["kind"], tokenizer["path"]) == ("clip-bpe", "tokenizer.json")
    assert (tokenizer["bos"], tokenizer["eos"], tokenizer["pad"]) == (
        vocab["<|startoftext|>"], vocab["<|endoftext|>"], vocab["!"])
    assert (manifest["latent"], manifest["frames"]) == (
        {"channels": 4, "height": 8, "width": 8, "scalingFactor": 0.18215}, 4)
    assert manifest["source"] == "converted from model and unet_cam_model.ckpt by directa_models.convert_zeroscope"
    assert manifest["scheduler"]["betaEnd"] == 0.012 and manifest["defaults"]["camOffT"] == 0.85


def test_converted_unet_matches_zeroscope_when_the_camera_is_off(converted: Path) -> None:
    package = converted / "package"
    base = UNet3DConditionModel.from_pretrained(str(converted / "model" / "unet")).eval()
    _, feeds = _feeds(package, "unet", batch=2)
    feeds["region_gain"].zero_()
    feeds["suppress_tokens"].zero_()
    feeds["camera_gate"].zero_()
    with torch.no_grad():
        expected = base(feeds["sample"], feeds["timestep"], feeds["encoder_hidden_states"]).sample
    off = run_onnx(package / "unet.onnx", feeds)
    assert torch.allclose(off, expected, atol=1e-4)
    feeds["camera_gate"].fill_(1.0)
    assert (run_onnx(package / "unet.onnx", feeds) - off).abs().max() > 1e-3  # the loaded camera module acts


def test_converted_text_encoder_and_vae_match(converted: Path) -> None:
    package = converted / "package"
    encoder = CLIPTextModel.from_pretrained(str(converted / "model" / "text_encoder")).eval()
    vae = AutoencoderKL.from_pretrained(str(converted / "model" / "vae")).eval()
    ids = torch.tensor([[516, 10, 20, 517] + [0] * 73])
    _, latents = _feeds(package, "vaeDecoder", batch=2)
    with torch.no_grad():
        expected_text = encoder(input_ids=ids).last_hidden_state
        expected_image = vae.decode(latents["latent"]).sample.clamp(-1, 1)
    assert torch.allclose(run_onnx(package / "text_encoder.onnx", {"input_ids": ids}), expected_text, atol=1e-5)
    assert torch.allclose(run_onnx(package / "vae_decoder.onnx", latents), expected_image, atol=1e-4)


def test_bad_camera_checkpoint_is_a_clear_error(converted: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    base = UNet3DConditionModel.from_pretrained(str(converted / "model" / "unet"))
    state = official_camera_checkpoint(base, seed=7)
    del state["position_net.linears_xy.0.bias"]
    torch.save(state, tmp_path / "cam.ckpt")
    args = ["--model-dir", str(converted / "model"), "--camera-ckpt", str(tmp_path / "cam.ckpt"),
            "--out", str(tmp_path / "package")]
    assert convert_zeroscope.main(args) == 1
    assert "camera checkpoint does not fit the model: missing 1 keys" in capsys.readouterr().err
    assert not (tmp_path / "package").exists()
