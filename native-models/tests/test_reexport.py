"""Re-exporting a package's UNet with the current exporter: the weights are read back out of
the old (plain) graph bit for bit, the new graph uses the fused operators and equals PyTorch,
and the package stays valid with its other files untouched."""

from __future__ import annotations

import json
from pathlib import Path

import onnx
import pytest
import torch

from directa_models import reexport
from directa_models.contract import graph_specs
from directa_models.default_model import TINY_CONFIG, build_bundle, randomize_camera_gates
from directa_models.onnx_export import export_graph, file_entry
from directa_models.onnx_weights import camera_mode, unet_state_dict
from directa_models.package import sample_feeds, write_package
from directa_models.unet import CAMERA_KEY, DirectAVideoUNet
from directa_models.validate import validate_package


@pytest.fixture(scope="module")
def old_package(tmp_path_factory: pytest.TempPathFactory, tiny_config) -> Path:
    """The tiny package as packages were written before the export forms: a plain unet.onnx."""
    out = tmp_path_factory.mktemp("old") / "package"
    bundle = build_bundle(tiny_config, seed=3)
    randomize_camera_gates(bundle.unet, seed=3)
    manifest = write_package(bundle, tiny_config.info, out)
    inputs, outputs = graph_specs(manifest)["unet"]
    example = [torch.from_numpy(v) for v in sample_feeds(inputs, batch=1).values()]
    export_graph(bundle.unet, example, out / "unet.onnx", inputs, outputs, plain=True)
    manifest["files"]["unet"] = file_entry(out / "unet.onnx", out)
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return out


def test_weights_are_read_back_bit_for_bit(old_package: Path, tiny_config) -> None:
    bundle = build_bundle(tiny_config, seed=3)
    randomize_camera_gates(bundle.unet, seed=3)
    graph = onnx.load(str(old_package / "unet.onnx"))
    assert camera_mode(graph) == "official-fuser"
    read = unet_state_dict(graph, bundle.unet.unet.state_dict())
    for key, value in bundle.unet.unet.state_dict().items():
        assert torch.equal(read[key], value), key


@pytest.mark.parametrize("mode", ["window-coords", "window-coords+time"])
def test_window_coordinate_weights_are_read_back(tiny_config, tmp_path: Path, mode: str) -> None:
    """The window-coordinate camera path runs its shared MLP from hooks, once per temporal
    transformer: its nodes are scoped under the hooked modules (and, with the time route,
    under the time embedding)."""
    torch.manual_seed(4)
    unet = DirectAVideoUNet.from_config({**tiny_config.unet, CAMERA_KEY: mode}).eval()
    with torch.no_grad():
        for parameter in unet.parameters():
            parameter.normal_()
    manifest = {"text": {"maxTokens": 24, "dim": 32}, "maxRegions": 4, "frames": 8, "height": 128, "width": 128,
                "latent": {"channels": 4, "height": 16, "width": 16}}
    inputs, outputs = graph_specs(manifest)["unet"]
    example = [torch.from_numpy(v) for v in sample_feeds(inputs, batch=1).values()]
    export_graph(unet, example, tmp_path / "unet.onnx", inputs, outputs, plain=True)
    graph = onnx.load(str(tmp_path / "unet.onnx"))
    assert camera_mode(graph) == mode
    read = unet_state_dict(graph, unet.unet.state_dict())
    for key, value in unet.unet.state_dict().items():
        assert torch.equal(read[key], value), key


def test_reexport_writes_the_fused_graph(old_package: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    package = tmp_path / "package"
    package.mkdir()
    for file in old_package.iterdir():
        (package / file.name).write_bytes(file.read_bytes())
    before = json.loads((package / "manifest.json").read_text())
    assert reexport.main([str(package), "--config", str(TINY_CONFIG)]) == 0
    assert "reproduced bit for bit" in capsys.readouterr().out
    after = json.loads((package / "manifest.json").read_text())
    assert after["files"]["unet"]["sha256"] != before["files"]["unet"]["sha256"]
    assert {k: v for k, v in after.items() if k != "files"} == {k: v for k, v in before.items() if k != "files"}
    for key in ("textEncoder", "vaeDecoder"):
        assert after["files"][key] == before["files"][key]
    ops = {node.op_type for node in onnx.load(str(package / "unet.onnx")).graph.node}
    assert "If" in ops and ({"MultiHeadAttention", "Attention"} & ops)
    assert validate_package(package) == []
    # the new graph is not a plain export: its weights cannot be read back the same way
    assert reexport.main([str(package), "--config", str(TINY_CONFIG), "--dry-run"]) == 1
    assert "cannot read the UNet's weights" in capsys.readouterr().err
