"""The training command for a model with the window-coordinate camera path (the built-in
model's design) on a tiny config: the joint stage trains with the camera and the token
attention loss, exports a valid package and an fp16 checkpoint, and a second run started
from that checkpoint continues from its weights. This is also the GPU command's test: the
same command runs with --device cuda on a lent machine."""

import json
import shutil
from pathlib import Path

import pytest
import torch

from directa_models.default_model import (TINY_CONFIG, build_bundle, load_config, load_weights, save_weights,
                                          weights_metadata)
from directa_models.unet import CheckpointError
from directa_models.train.__main__ import main
from directa_models.validate import validate_package


def window_config(folder: Path, mode: str = "window-coords") -> Path:
    raw = json.loads(TINY_CONFIG.read_text())
    raw["unet"]["camera_conditioning"] = mode
    raw["package"]["defaults"]["camOffT"] = 0.0
    shutil.copy(TINY_CONFIG.parent / raw["textEncoder"]["vocabFile"], folder / raw["textEncoder"]["vocabFile"])
    path = folder / f"tiny-{mode}.json"
    path.write_text(json.dumps(raw))
    return path


def test_joint_training_exports_and_resumes_from_its_checkpoint(tmp_path: Path) -> None:
    config = window_config(tmp_path)
    ckpt = tmp_path / "previz.fp16.safetensors"
    args = ["--config", str(config), "--package", str(tmp_path / "pkg"), "--minutes-vae", "0.01", "--minutes-joint",
            "0.05", "--camera-clips", "3", "--threads", "1", "--batch", "2", "--device", "auto", "--attn-loss", "0.1"]
    assert main([*args, "--out", str(tmp_path / "run"), "--checkpoint-out", str(ckpt)]) == 0
    assert validate_package(tmp_path / "pkg") == []
    records = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    joint = [r for r in records if r.get("stage") == "joint" and "loss" in r]
    assert joint and all(r["attn"] >= 0 for r in joint)  # the attention loss ran
    assert any("camera_gain" in r for r in joint)
    manifest = json.loads((tmp_path / "pkg" / "manifest.json").read_text())
    assert "window-coordinate camera path" in manifest["source"]

    half = {k: v for k, v in __import__("safetensors.torch").torch.load_file(str(ckpt)).items()}
    assert all(v.dtype == torch.float16 for v in half.values() if v.is_floating_point())
    assert float(weights_metadata(ckpt)["scaling_factor"]) > 0
    trained = build_bundle(load_config(config), seed=5)
    load_weights(trained, ckpt)
    assert any(float(v.abs().sum()) > 0 for k, v in trained.unet.unet.state_dict().items() if k.startswith("camera_coords.proj"))

    # a new run seeded from the checkpoint keeps its VAE and continues the joint stage
    assert main([*args, "--out", str(tmp_path / "run2"), "--init-weights", str(ckpt)]) == 0
    records = [json.loads(line) for line in (tmp_path / "run2" / "log.jsonl").read_text().splitlines()]
    assert any(r.get("stage") == "init" for r in records)
    assert not any(r.get("stage") == "vae" and "l1" in r for r in records)


def test_a_window_checkpoint_seeds_a_run_with_the_time_route(tmp_path: Path) -> None:
    """The time route is new to a window-coords checkpoint: a run seeded from one starts it
    fresh, loads everything else, and trains the camera path at its own learning rate."""
    ckpt = tmp_path / "window.fp16.safetensors"
    save_weights(build_bundle(load_config(window_config(tmp_path)), seed=2), ckpt, half=True)
    config = window_config(tmp_path, "window-coords+time")
    strict = build_bundle(load_config(config), seed=3)
    with pytest.raises(CheckpointError, match="camera_coords.time"):
        load_weights(strict, ckpt)  # only a run seeding from it may leave the new route fresh
    assert load_weights(strict, ckpt, new_ok=("unet.camera_coords.time.",))
    assert main(["--config", str(config), "--package", str(tmp_path / "pkg"), "--minutes-vae", "0.01",
                 "--minutes-joint", "0.05", "--camera-clips", "3", "--threads", "1", "--batch", "2",
                 "--camera-lr-scale", "5", "--out", str(tmp_path / "run"), "--init-weights", str(ckpt)]) == 0
    records = [json.loads(line) for line in (tmp_path / "run" / "log.jsonl").read_text().splitlines()]
    assert [r["fresh"] for r in records if r.get("stage") == "init"] == [4]
    assert any("camera_gain_mid" in r for r in records if r.get("stage") == "joint")
    assert validate_package(tmp_path / "pkg") == []


def test_the_camera_path_gets_its_own_learning_rate(tmp_path: Path) -> None:
    from directa_models.train.diffusion_stage import param_groups, trainable

    bundle = build_bundle(load_config(window_config(tmp_path, "window-coords+time")), seed=1)
    params = trainable(bundle.unet, bundle.text_encoder, camera=False, joint=True)
    assert [g["scale"] for g in param_groups(bundle.unet, params, 1.0)] == [1.0]
    base, camera = param_groups(bundle.unet, params, 5.0)
    assert camera["scale"] == 5.0 and len(base["params"]) + len(camera["params"]) == len(params)
    names = {id(p): n for n, p in bundle.unet.unet.named_parameters()}
    assert camera["params"] and all(names[id(p)].startswith("camera_coords.") for p in camera["params"])


def test_decoder_fine_tune_trains_only_the_decoder_on_a_timed_schedule(tmp_path: Path) -> None:
    from directa_models.train.common import Log
    from directa_models.train.decoder_stage import train_decoder
    from directa_models.train.world_source import WorldSource

    config = load_config(window_config(tmp_path))
    encoder = build_bundle(config, seed=1).vae
    decoder = build_bundle(config, seed=1).vae
    before_encoder = {k: v.clone() for k, v in decoder.encoder.state_dict().items()}
    before_decoder = {k: v.clone() for k, v in decoder.decoder.state_dict().items()}
    world = WorldSource(config.info.width, config.info.height, config.info.frames)
    steps = train_decoder(encoder, decoder, world, tmp_path, Log(tmp_path / "log.jsonl"), minutes=0.03, batch=2)
    assert steps > 0 and (tmp_path / "decoder.pt").is_file()
    assert all(torch.equal(v, decoder.encoder.state_dict()[k]) for k, v in before_encoder.items())
    assert any(not torch.equal(v, decoder.decoder.state_dict()[k]) for k, v in before_decoder.items())
    records = [json.loads(line) for line in (tmp_path / "log.jsonl").read_text().splitlines()]
    assert any(r.get("stage") == "decoder" and r.get("l1", -1) >= 0 for r in records)
