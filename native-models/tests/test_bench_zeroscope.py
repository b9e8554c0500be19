"""The ZeroScope-shaped step benchmark (issue 14 part 6), run on a narrow model of the same
shape the way the full-size run goes (weights in unet.onnx.data, no graph passes, as for a
graph past their size limit): it prints sane figures for both frameworks, its two FLOP
counts agree, and the full-size configuration has the official camera module's layout."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path
from typing import Any

import onnx
import onnxruntime as ort
import pytest
import torch
from diffusers import UNet3DConditionModel
from torch.utils.flop_counter import FlopCounterMode

from directa_models import bench_zeroscope, onnx_export
from directa_models.contract import graph_specs
from directa_models.onnx_weights import camera_mode
from directa_models.step_limit import last_run, model_flops, node_flops, summarize
from directa_models.unet import CAMERA_KEY, DirectAVideoUNet
from directa_models.zeroscope_shape import guidance_feeds, package_shapes, unet_config

from .helpers import official_camera_shapes

SMALL = ["--block-out-channels", "32,32,64,64", "--attention-head-dim", "8", "--norm-num-groups", "8",
         "--cross-attention-dim", "32", "--layers-per-block", "1", "--frames", "4", "--width", "64", "--height", "64"]
NUMBER = r"(\d+(?:\.\d+)?)"


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("bench-zeroscope")
    args = [*SMALL, "--threads", "1", "--peak-size", "256", "--external-data-threshold", "0",
            "--workdir", str(folder / "graph"), "--json", str(folder / "figures.json")]
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        patch.setattr(onnx_export, "GRAPH_PASS_LIMIT", 0)  # as for the 6 GB graph
        assert bench_zeroscope.main(args) == 0
    return out.getvalue(), json.loads((folder / "figures.json").read_text()), folder / "graph"


def _figure(text: str, pattern: str) -> list[float]:
    found = re.search(pattern, text)
    assert found, f"no line matching {pattern!r} in:\n{text}"
    return [float(value) for value in found.groups()]


def test_both_frameworks_print_step_time_rate_and_fraction_of_the_peak(small_run: tuple[str, dict, Path]) -> None:
    text, figures, _ = small_run
    start, = _figure(text, rf"fp32 matrix-product peak, cpu \(onnxruntime MatMul 256\^3 .*\): {NUMBER} GFLOP/s")
    end, best = _figure(text, rf"peak, cpu, again after the steps: {NUMBER} GFLOP/s; the better of the two: {NUMBER}")
    assert min(start, end) > 1 and best == max(start, end)
    assert figures["peaks"]["cpu"]["gflops"] == max(p["gflops"] for p in figures["peaks_measured"]["cpu"])
    work, = _figure(text, rf"UNet step work .*: {NUMBER} GFLOP")
    assert work == pytest.approx(figures["flops"] / 1e9, abs=0.06) and work > 0
    for name, key in (("PyTorch eager \\(cpu\\)", "torch"), ("onnxruntime \\(cpu\\)", "onnxruntime")):
        seconds, fastest, gflops = _figure(
            text, rf"{name} step, batch 2: {NUMBER} s \(median of 1, fastest {NUMBER} s\); {NUMBER} GFLOP/s")
        step = figures[key]
        assert seconds > 0 and seconds == fastest and step["seconds_per_step"] == pytest.approx(seconds, abs=5e-4)
        flops = figures["flops"] if key == "torch" else figures["onnxruntime"]["executed_flops"]
        assert step["gflops"] == pytest.approx(flops / 1e9 / step["seconds_per_step"])
        assert gflops == pytest.approx(step["gflops"], abs=0.06)
        _, percent = _figure(text, rf"\n{name}: {NUMBER} GFLOP/s = {NUMBER}% of the cpu peak")
        assert step["fraction_of_peak"] == pytest.approx(step["gflops"] / figures["peaks"]["cpu"]["gflops"])
        assert 0 < step["fraction_of_peak"] < 2 and percent == pytest.approx(100 * step["fraction_of_peak"], abs=0.06)
    ratio, = _figure(text, rf"ratio onnxruntime / PyTorch eager, UNet step: {NUMBER}")
    assert ratio == pytest.approx(figures["ratio_onnxruntime_to_torch"], abs=0.006)


def test_onnxruntime_executes_the_work_pytorch_counts(small_run: tuple[str, dict, Path]) -> None:
    _, figures, _ = small_run
    assert figures["onnxruntime"]["uncounted"] == []
    # no shared prefix (no graph passes): the same products, convolutions and attention
    assert figures["onnxruntime"]["executed_flops"] == pytest.approx(figures["flops"], rel=0.02)


def test_top_operators_and_peak_memory_are_printed(small_run: tuple[str, dict, Path]) -> None:
    text, figures, _ = small_run
    header = text.index("the ten most expensive operators:")
    rows = re.findall(rf"^  (\w+) +{NUMBER}%  +{NUMBER} ms +(\d+) nodes", text[header:], flags=re.MULTILINE)
    assert len(rows) == 10
    shares = [float(share) for _, share, _, _ in rows]
    assert shares == sorted(shares, reverse=True) and sum(shares) <= 100.05
    top = figures["onnxruntime"]["top_operators"]
    assert [entry["op"] for entry in top] == [op for op, _, _, _ in rows]
    assert {"Gemm", "Conv", "MultiHeadAttention"} <= {entry["op"] for entry in top}
    for phase in ("building the UNet", "PyTorch step", "export", "onnxruntime step"):
        rss, = _figure(text, rf"peak memory, {phase}: RSS {NUMBER} MiB")
        assert 50 < rss < 64 * 1024 and figures["peak_memory"][phase]["rss_mb"] == pytest.approx(rss, abs=0.5)


def test_the_graph_is_exported_as_convert_zeroscope_exports_it(small_run: tuple[str, dict, Path]) -> None:
    _, figures, folder = small_run
    assert set(figures["export"]["files"]) == {"unet.onnx", "unet.onnx.data"}
    assert figures["export"]["files"]["unet.onnx.data"] >= figures["weight_bytes"] * 0.95
    graph = onnx.load(str(folder / "unet.onnx"), load_external_data=False)
    assert camera_mode(graph) == "official-fuser"
    ops = {(node.domain, node.op_type) for node in graph.graph.node}
    assert ("com.microsoft", "MultiHeadAttention") in ops and ("", "Gemm") in ops  # the export forms
    assert all(t.data_location == onnx.TensorProto.EXTERNAL for t in graph.graph.initializer if t.dims)


def test_meta_device_count_equals_a_real_forward() -> None:
    args = bench_zeroscope.parse_args(SMALL)
    config = unet_config(args)
    inputs, _ = graph_specs(package_shapes(args))["unet"]
    feeds = guidance_feeds(inputs, seed=0)
    step = [torch.from_numpy(feeds[spec.name]) for spec in inputs]
    counted, _ = model_flops(lambda: DirectAVideoUNet.from_config(config), step)
    with torch.inference_mode(), FlopCounterMode(display=False) as real:
        DirectAVideoUNet.from_config(config).eval()(*step)
    by_op = {str(op): count for op, count in real.get_flop_counts()["Global"].items()}
    assert by_op.get("aten._scaled_dot_product_flash_attention_for_cpu", 0) > 0  # CPU attention is counted
    assert counted == real.get_total_flops()


def test_guidance_feeds_share_the_latent_and_differ_in_controls() -> None:
    args = bench_zeroscope.parse_args(SMALL)
    inputs, _ = graph_specs(package_shapes(args))["unet"]
    feeds = guidance_feeds(inputs, seed=3)
    assert {name: list(value.shape)[0] for name, value in feeds.items()} == {spec.name: 2 for spec in inputs}
    assert (feeds["sample"][0] == feeds["sample"][1]).all() and (feeds["timestep"] == 900).all()
    assert feeds["camera"].tolist() == [[0.25, -0.25, 1.25], [0.0, 0.0, 1.0]]
    assert feeds["region_gain"][0].max() > 0 and feeds["region_gain"][1].max() == 0
    assert feeds["suppress_tokens"][0].sum() > 0 and feeds["suppress_tokens"][1].sum() == 0
    assert not (feeds["encoder_hidden_states"][0] == feeds["encoder_hidden_states"][1]).all()


def test_full_size_defaults_are_zeroscope_576w_with_the_official_camera_layout() -> None:
    args = bench_zeroscope.parse_args([])
    shapes = package_shapes(args)
    assert (shapes["frames"], shapes["latent"]["height"], shapes["latent"]["width"]) == (24, 40, 72)
    assert shapes["text"] == {"maxTokens": 77, "dim": 1024}
    config = unet_config(args)
    assert config[CAMERA_KEY] == "official-fuser"
    base_config = {k: v for k, v in config.items() if k != CAMERA_KEY}
    with torch.device("meta"):
        model = DirectAVideoUNet.from_config(config)
        base = UNet3DConditionModel.from_config(base_config)
    camera = {key: tuple(value.shape) for key, value in model.camera_state_dict().items()}
    assert camera == official_camera_shapes(base)  # an unet_cam_model.ckpt would load into it strictly
    assert sum(p.numel() for p in base.parameters()) > 1.4e9


def test_profile_counts_products_convolutions_and_attention() -> None:
    assert node_flops("Gemm", [[6, 4]], [[6, 5]]) == 2 * 6 * 5 * 4
    assert node_flops("Gemm", [[4, 6]], [[6, 5]]) == 2 * 6 * 5 * 4  # A transposed
    assert node_flops("Conv", [[1, 3, 8, 8], [16, 3, 3, 3]], [[1, 16, 8, 8]]) == 2 * 16 * 64 * 27
    assert node_flops("MultiHeadAttention", [[2, 10, 8], [2, 7, 8], [2, 7, 8]], [[2, 10, 8]]) == 2 * 2 * 10 * 7 * 16
    assert node_flops("Attention", [[2, 10, 8], [2, 7, 8], [2, 7, 8]], [[2, 10, 8]]) == 2 * 2 * 10 * 7 * 16
    assert node_flops("Attention", [[2, 4, 10, 2], [2, 4, 7, 2], [2, 4, 7, 2]], [[2, 4, 10, 2]]) == 2 * 2 * 10 * 7 * 16
    assert node_flops("Add", [[3]], [[3]]) == 0
    assert node_flops("MatMul", [], [[3, 3]]) is None

    def node(ts: int, op: str, dur: int, inputs: list[list[int]], out: list[int]) -> dict[str, Any]:
        shapes = [{"float": shape} for shape in inputs]
        return {"cat": "Node", "name": f"n{ts}_kernel_time", "ts": ts, "dur": dur,
                "args": {"op_name": op, "input_type_shape": shapes, "output_type_shape": [{"float": out}]}}

    events = [
        {"cat": "Session", "name": "model_run", "ts": 0, "dur": 50}, node(1, "Gemm", 40, [[2, 2]], [2, 2]),
        {"cat": "Session", "name": "model_run", "ts": 100, "dur": 60}, node(101, "If", 50, [], []),
        node(102, "Gemm", 30, [[2, 3]], [2, 4]), node(103, "Relu", 10, [[2, 4]], [2, 4]),
        node(104, "MatMul", 10, [], [2, 2]),
    ]
    run_micros, nodes = last_run(events)
    summary = summarize(nodes, run_micros)
    assert run_micros == 60 and summary.kernel_micros == 50  # the If's own time counts its nodes twice
    assert summary.flops == 2 * 2 * 4 * 3 and summary.uncounted == ["MatMul n104"]
    assert [(e.op, e.share) for e in summary.operators] == [("Gemm", 0.6), ("Relu", 0.2), ("MatMul", 0.2)]


def test_bad_options_are_refused_before_any_work(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        bench_zeroscope.main(["--width", "570"])
    assert "multiples of the VAE factor 8" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        bench_zeroscope.main(["--block-out-channels", "320,640,1280,1000"])
    assert "block width 1000" in capsys.readouterr().err
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(ort, "get_available_providers", lambda: ["CPUExecutionProvider"])
    assert bench_zeroscope.main(["--device", "cuda"]) == 1
    assert "--device cuda: this PyTorch" in capsys.readouterr().err
    assert bench_zeroscope.main(["--ort-provider", "webgpu"]) == 1
    assert "has only CPUExecutionProvider" in capsys.readouterr().err
    # skipping onnxruntime needs no provider (a dry run: the work and the peak only)
    assert bench_zeroscope.main(["--ort-provider", "webgpu", "--skip", "onnxruntime", "--dry-run", "--frames", "1",
                                 "--threads", "1", *SMALL[:10], "--peak-size", "64"]) == 0
    assert "UNet step work" in capsys.readouterr().out
