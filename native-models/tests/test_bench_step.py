"""The PyTorch step benchmark (npm run bench's reference): it runs as a command on the tiny
config and prints one JSON object with a positive seconds_per_step at the package's shapes."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import torch

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


def test_halves_run_at_once_each_on_its_own_thread_in_inference_mode() -> None:
    seen: list[tuple[int, int, bool, float]] = []

    class Recorder(torch.nn.Module):
        def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            seen.append((threading.get_ident(), x.shape[0], torch.is_inference_mode_enabled(), float(x[0, 0])))
            return x + y

    args = [torch.arange(4.0).reshape(4, 1), torch.zeros(4, 1)]
    with torch.inference_mode():
        bench_step.split_call(Recorder(), args)()
    assert sorted((rows, first) for _, rows, _, first in seen) == [(2, 0.0), (2, 2.0)]
    assert len({thread for thread, *_ in seen}) == 2
    assert all(inference for _, _, inference, _ in seen)


def test_halves_need_a_batch_to_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench_step.main(["--config", str(TINY_CONFIG), "--halves", "--batch", "1", "--repeat", "1"]) == 1
    assert "--halves" in capsys.readouterr().err


def test_feed_forward_chunking_keeps_the_output(tiny_config) -> None:
    """--ff-chunks: diffusers' chunking in the blocks whose feed-forward outgrows the budget,
    the UNet's output unchanged."""
    from directa_models.contract import graph_specs
    from directa_models.default_model import randomize_camera_gates
    from directa_models.package import sample_feeds
    from directa_models.unet import DirectAVideoUNet

    torch.manual_seed(0)
    unet = DirectAVideoUNet.from_config(tiny_config.unet).eval()
    randomize_camera_gates(unet, 0)
    inputs, _ = graph_specs(bench_step.unet_shapes(tiny_config))["unet"]
    args = [torch.from_numpy(v) for v in sample_feeds(inputs, batch=2).values()]
    with torch.inference_mode():
        expected = unet(*args)
        assert bench_step.chunk_feed_forwards(unet, lambda: unet(*args), chunk_bytes=16 * 1024) > 0
        assert torch.allclose(unet(*args), expected, atol=1e-6)
        assert bench_step.chunk_feed_forwards(unet, lambda: unet(*args), chunk_bytes=1 << 40) == 0
        assert all(block._chunk_size is None for block in unet.modules() if hasattr(block, "_chunk_size"))
