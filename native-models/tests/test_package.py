"""The tiny random package: export, validation, parity of its graphs, and the validator's
reports on broken packages."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
import torch

from directa_models import convert_zeroscope, export, validate
from directa_models.contract import graph_specs
from directa_models.default_model import TINY_CONFIG, build_bundle, load_config, randomize_camera_gates, save_weights
from directa_models.onnx_export import file_entry
from directa_models.package import sample_feeds, write_package
from directa_models.validate import validate_package

from .helpers import run_onnx


@pytest.fixture(scope="module")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny") / "package"
    assert export.main(["--tiny", "--out", str(out), "--seed", "0"]) == 0
    return out


@pytest.fixture
def package_copy(tiny_package: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(tiny_package, tmp_path / "package"))


def _manifest(package: Path) -> dict:
    return json.loads((package / "manifest.json").read_text())


def as_torch(feeds: dict[str, np.ndarray]) -> dict[str, torch.Tensor]:
    return {k: torch.from_numpy(v) for k, v in feeds.items()}


def _write_manifest(package: Path, manifest: dict) -> None:
    (package / "manifest.json").write_text(json.dumps(manifest))


def test_tiny_package_is_small_and_valid(tiny_package: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(p.name for p in tiny_package.iterdir())
    assert names == ["manifest.json", "text_encoder.onnx", "unet.onnx", "vae_decoder.onnx", "vocab.txt"]
    assert sum(p.stat().st_size for p in tiny_package.iterdir()) < 10 * 1024**2
    manifest = _manifest(tiny_package)
    assert (manifest["frames"], manifest["latent"]["height"], manifest["latent"]["width"]) == (8, 16, 16)
    assert (manifest["width"], manifest["height"], manifest["maxRegions"], manifest["text"]["maxTokens"]) == (
        128, 128, 4, 24)
    assert manifest["text"]["tokenizer"] | {"sha256": None, "bytes": None} == {
        "kind": "word", "path": "vocab.txt", "bos": 1, "eos": 2, "pad": 0, "unk": 3, "lowercase": True,
        "pattern": "[a-z0-9]+|[^\\sa-z0-9]", "sha256": None, "bytes": None}
    assert validate_package(tiny_package) == []
    assert validate.main([str(tiny_package)]) == 0
    assert "valid package" in capsys.readouterr().out


def test_tiny_package_graphs_equal_pytorch(tiny_package: Path, tiny_config) -> None:
    bundle = build_bundle(tiny_config, seed=0)
    randomize_camera_gates(bundle.unet, seed=0)
    specs = graph_specs(_manifest(tiny_package))
    text_feeds = {"input_ids": np.array([[1, 4, 6, 2] + [0] * 20, [1, 9, 2] + [0] * 21], dtype=np.int64)}
    unet_feeds = sample_feeds(specs["unet"][0], batch=2)
    vae_feeds = sample_feeds(specs["vaeDecoder"][0], batch=3)
    with torch.no_grad():
        expected_text = bundle.text_encoder(torch.from_numpy(text_feeds["input_ids"]))
        expected_unet = bundle.unet(**as_torch(unet_feeds))
        expected_image = bundle.vae.decode(torch.from_numpy(vae_feeds["latent"])).sample.clamp(-1, 1)
    assert torch.allclose(run_onnx(tiny_package / "text_encoder.onnx", as_torch(text_feeds)), expected_text, atol=1e-5)
    assert torch.allclose(run_onnx(tiny_package / "unet.onnx", as_torch(unet_feeds)), expected_unet, atol=1e-4)
    image = run_onnx(tiny_package / "vae_decoder.onnx", as_torch(vae_feeds))
    assert image.shape == (3, 3, 128, 128) and torch.allclose(image, expected_image, atol=1e-4)


def test_camera_acts_in_the_tiny_package(tiny_package: Path) -> None:
    specs = graph_specs(_manifest(tiny_package))
    feeds = as_torch(sample_feeds(specs["unet"][0], batch=2))
    on = run_onnx(tiny_package / "unet.onnx", feeds)
    feeds["camera_gate"] = torch.zeros(2)
    assert (on - run_onnx(tiny_package / "unet.onnx", feeds)).abs().max() > 1e-3


def test_config_and_weights_export_reproduces_the_tiny_package(tiny_package: Path, tiny_config, tmp_path: Path) -> None:
    bundle = build_bundle(tiny_config, seed=0)
    randomize_camera_gates(bundle.unet, seed=0)
    save_weights(bundle, tmp_path / "weights.safetensors")
    out = tmp_path / "package"
    args = ["--config", str(TINY_CONFIG), "--weights", str(tmp_path / "weights.safetensors"), "--out", str(out)]
    assert export.main(args) == 0
    for key, entry in _manifest(tiny_package)["files"].items():
        assert _manifest(out)["files"][key]["sha256"] == entry["sha256"], key


def test_external_data_package(tiny_config, tmp_path: Path) -> None:
    bundle = build_bundle(tiny_config, seed=1)
    manifest = write_package(bundle, tiny_config.info, tmp_path, external_data_threshold=0)
    for key, name in (("textEncoder", "text_encoder.onnx"), ("unet", "unet.onnx"), ("vaeDecoder", "vae_decoder.onnx")):
        data = manifest["files"][key]["externalData"]
        assert data["path"] == name + ".data"
        assert (tmp_path / data["path"]).stat().st_size > (tmp_path / name).stat().st_size
    assert validate_package(tmp_path) == []
    (tmp_path / "unet.onnx.data").unlink()
    assert validate_package(tmp_path) == ["unet.onnx.data: missing (named by files.unet.externalData)"]


def test_changed_file_is_reported(package_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with (package_copy / "vocab.txt").open("a") as vocab:
        vocab.write("extra\n")
    problems = validate_package(package_copy)
    assert len(problems) == 1 and problems[0].startswith("vocab.txt: 466 bytes, the manifest says 460")
    assert validate.main([str(package_copy)]) == 1
    assert "vocab.txt" in capsys.readouterr().err


def test_same_size_corruption_is_reported(package_copy: Path) -> None:
    data = bytearray((package_copy / "unet.onnx").read_bytes())
    data[-1] ^= 0xFF
    (package_copy / "unet.onnx").write_bytes(bytes(data))
    problems = validate_package(package_copy)
    assert len(problems) == 1 and problems[0].startswith("unet.onnx: sha256 ")


def test_missing_file_is_reported(package_copy: Path) -> None:
    (package_copy / "unet.onnx").unlink()
    assert validate_package(package_copy) == ["unet.onnx: missing (named by files.unet)"]


def test_manifest_schema_problems_are_reported(package_copy: Path) -> None:
    manifest = _manifest(package_copy)
    del manifest["latent"]["scalingFactor"]
    manifest["format"] = "something-else"
    manifest["defaults"]["attnTau"] = 3
    manifest["text"]["tokenizer"]["kind"] = "sentencepiece"
    _write_manifest(package_copy, manifest)
    assert validate_package(package_copy) == [
        "manifest.json: format: must be 'direct-a-video-onnx'",
        "manifest.json: latent.scalingFactor: missing",
        "manifest.json: text.tokenizer.kind: must be one of word, clip-bpe",
        "manifest.json: defaults.attnTau: must be a number in [0, 1]",
    ]


def test_not_a_package(tmp_path: Path) -> None:
    assert validate_package(tmp_path / "nowhere") == [f"{tmp_path / 'nowhere'}: not a folder"]
    assert validate_package(tmp_path) == ["manifest.json: missing"]
    (tmp_path / "manifest.json").write_text("{not json")
    assert validate_package(tmp_path)[0].startswith("manifest.json: not valid JSON")


def test_wrong_input_name_is_reported(package_copy: Path) -> None:
    path = package_copy / "text_encoder.onnx"
    model = onnx.load(str(path))
    for node in model.graph.node:
        node.input[:] = ["ids" if name == "input_ids" else name for name in node.input]
    model.graph.input[0].name = "ids"
    onnx.save(model, str(path))
    manifest = _manifest(package_copy)
    manifest["files"]["textEncoder"] = file_entry(path, package_copy)
    _write_manifest(package_copy, manifest)
    assert validate_package(package_copy) == [
        "text_encoder.onnx: input 'input_ids' is missing",
        "text_encoder.onnx: unexpected input 'ids'",
    ]


def test_shapes_that_differ_from_the_manifest_are_reported(package_copy: Path) -> None:
    manifest = _manifest(package_copy)
    manifest["frames"] = 12
    _write_manifest(package_copy, manifest)
    problems = validate_package(package_copy)
    assert "unet.onnx: input 'sample' has shape ['B', 4, 8, 16, 16], expected ['B', 4, 12, 16, 16] " \
           "(first axis free, others fixed)" in problems
    assert all(p.startswith("unet.onnx: ") for p in problems)


@pytest.mark.parametrize("command", [export, convert_zeroscope, validate])
def test_commands_have_help(command, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--help"])
    assert exit_info.value.code == 0
    assert "usage: python -m directa_models." in capsys.readouterr().out


def test_export_command_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        export.main(["--config", str(TINY_CONFIG), "--out", str(tmp_path)])
    assert "--config needs --weights" in capsys.readouterr().err
    missing = tmp_path / "missing.safetensors"
    assert export.main(["--config", str(TINY_CONFIG), "--weights", str(missing), "--out", str(tmp_path)]) == 1
    assert f"{missing}: weights file not found" in capsys.readouterr().err


def test_config_errors_name_the_problem(tmp_path: Path) -> None:
    config = json.loads(TINY_CONFIG.read_text())
    del config["package"]["fps"]
    (tmp_path / "model.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match=r"model\.json: package: missing key 'fps'"):
        load_config(tmp_path / "model.json")
    config["package"]["fps"] = 8
    (tmp_path / "model.json").write_text(json.dumps(config))
    with pytest.raises(ValueError, match=r"vocabulary file .*tiny_vocab\.txt not found"):
        load_config(tmp_path / "model.json")


def test_bad_metadata_is_refused_before_export(tiny_config, tmp_path: Path) -> None:
    info = dataclasses.replace(tiny_config.info, id="Not An Id", defaults={**tiny_config.info.defaults, "steps": 0})
    with pytest.raises(ValueError, match=r"id: must be lower-case.*defaults\.steps: must be a positive integer"):
        write_package(build_bundle(tiny_config, seed=0), info, tmp_path / "package")
    assert not (tmp_path / "package").exists()
