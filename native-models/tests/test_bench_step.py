"""The PyTorch step benchmark (npm run bench's reference): it runs as a command on the tiny
config and prints one JSON object with a positive seconds_per_step at the package's shapes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from directa_models import bench_step
from directa_models.default_model import TINY_CONFIG

NATIVE_MODELS = Path(__file__).resolve().parents[1]


def test_command_prints_json_with_a_positive_step_time() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "directa_models.bench_step", "--config", "configs/tiny.json", "--batch", "2",
         "--repeat", "1", "--warmup", "0"],
        cwd=NATIVE_MODELS, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["seconds_per_step"] > 0
    assert len(result["times"]) == 1
    assert result["threads"] == 2
    assert result["id"] == "directa-tiny-random"
    # the tiny package's UNet inputs: latents [B, 4, 8, 16, 16], 24 tokens of width 32, 4 regions
    assert result["inputs"]["sample"] == [2, 4, 8, 16, 16]
    assert result["inputs"]["encoder_hidden_states"] == [2, 24, 32]
    assert result["inputs"]["region_masks"] == [2, 4, 8, 16, 16]


def test_unreadable_config_is_an_error_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert bench_step.main(["--config", str(missing), "--repeat", "1"]) == 1
    assert str(missing) in capsys.readouterr().err


def test_bad_counts_are_refused() -> None:
    with pytest.raises(SystemExit):
        bench_step.main(["--config", str(TINY_CONFIG), "--repeat", "0"])


def test_package_names_the_camera_path(trained_unet_onnx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--config", str(TINY_CONFIG), "--batch", "1", "--repeat", "1", "--warmup", "0"]
    assert bench_step.main([*args, "--package", str(trained_unet_onnx.parent)]) == 0
    assert json.loads(capsys.readouterr().out)["camera"] == "official-fuser"
    assert bench_step.main([*args, "--package", str(trained_unet_onnx.parent / "missing")]) == 1
    assert "missing" in capsys.readouterr().err
