"""python -m directa_models.bench_zeroscope: one UNet step of a ZeroScope-shaped
Direct-a-Video UNet at its real size, random weights, in PyTorch eager and in onnxruntime on
the same weights (issue 14 part 6: what users with real weights can expect per step).

    python -m directa_models.bench_zeroscope --dry-run     # work and parameters only (seconds)
    python -m directa_models.bench_zeroscope               # zeroscope_v2_576w: 576x320, 24 frames

The UNet is diffusers' UNet3DConditionModel with zeroscope_v2_576w's config (4 blocks of
320, 640, 1280, 1280 channels, 2 layers each, cross-attention width 1024), the official
camera module (``position_net``, a fuser in every temporal transformer of the
cross-attention blocks; gates set non-zero so that it acts) and the object-control
processors, as convert_zeroscope builds it (about 1.49 B parameters, 6 GB in float32). The
weights are random (a step's time does not depend on them); no file is downloaded and no
text encoder is needed: the text embeddings are random [2, 77, 1024].

One step is the engine's guidance batch of 2: the same latents and timestep in both halves,
the first conditional (camera on, one box amplified, tokens suppressed), the second
unconditional (null camera, no object control). In order:

1. the step's work, counted by FlopCounterMode on a meta-device copy (step_limit.py), and the
   fp32 matrix-product peak of the device(s);
2. the UNet built with random weights; the PyTorch eager step timed (``--device cuda`` on a GPU);
3. the UNet graph exported as convert_zeroscope exports it (onnx_export.export_graph: the
   export forms, weights in ``unet.onnx.data`` past 2 GB; the graph passes only below
   their size limit); the PyTorch model is freed after it;
4. the onnxruntime step timed with the engine's session settings (``--ort-provider``, CPU
   by default), profiled: the work it executed and its ten most expensive operators.

Each phase prints its peak resident memory (Linux: the peak restarts at each phase) and, on
a GPU, PyTorch's peak GPU memory. Progress goes to stderr, figures to stdout; ``--json``
writes them to a file as well. Smaller runs: ``--frames``, ``--width``/``--height`` and the
width options make a model of the same shape but smaller (the tests use one).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
import torch

from .bench_report import Report, cpu_name
from .bench_step import timed
from .cli import run_command
from .contract import GRAPH_FILES, graph_specs
from .default_model import randomize_camera_gates
from .onnx_export import PROTOBUF_LIMIT, export_graph
from .package import GUIDANCE_SHARED, sample_feeds
from .step_limit import Peak, model_flops, operator_lines, ort_matmul_peak, profile_summary, torch_matmul_peak
from .unet import CAMERA_KEY, DirectAVideoUNet
from .zeroscope_shape import add_model_options, check_model_options, guidance_feeds, package_shapes, unet_config

BATCH = 2
SKIPPABLE = ("torch", "onnxruntime")
ORT_PROVIDERS = {"cpu": "CPUExecutionProvider", "cuda": "CUDAExecutionProvider", "webgpu": "WebGpuExecutionProvider"}
GPU_PEAK_SIZE = 8192
#: ZeroScope's default number of denoising steps (convert_zeroscope's package defaults)
CLIP_STEPS = 50


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.bench_zeroscope",
        description="Time one guidance-batch step of a ZeroScope-shaped Direct-a-Video UNet with random weights "
        "in PyTorch eager and onnxruntime (same weights); print its FLOPs, GFLOP/s, fraction of the measured "
        "peak, top operators and peak memory. Defaults: zeroscope_v2_576w at 576x320, 24 frames.",
    )
    add_model_options(parser)
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="PyTorch device (default cpu)")
    parser.add_argument("--ort-provider", choices=tuple(ORT_PROVIDERS), default="cpu",
                        help="onnxruntime execution provider (default cpu; cuda and webgpu where this "
                        "onnxruntime build has them)")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads of both frameworks (default 2)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed steps before the timed ones (default 1)")
    parser.add_argument("--repeat", type=int, default=1, help="timed steps per framework (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the random weights and inputs")
    parser.add_argument("--skip", default="", help="comma-separated phases to skip: torch, onnxruntime")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="folder for unet.onnx (+ unet.onnx.data), kept; default: a temporary folder, removed. "
                        "The export needs about twice the weights' size on disk while it runs")
    parser.add_argument("--external-data-threshold", type=int, default=PROTOBUF_LIMIT,
                        help="weights above this many bytes go to unet.onnx.data (default 2 GiB, as packages)")
    parser.add_argument("--peak-size", type=int, default=2048, help="CPU matrix-product peak size (default 2048)")
    parser.add_argument("--dry-run", action="store_true", help="print parameters, work and peak only")
    parser.add_argument("--json", type=Path, default=None,
                        help="also write the figures to this JSON file (after every phase)")
    args = parser.parse_args(argv)
    check_model_options(parser, args)
    for name in ("threads", "repeat", "peak_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    args.skip = {part for part in args.skip.split(",") if part}
    if args.skip - set(SKIPPABLE):
        parser.error(f"--skip: phases are {', '.join(SKIPPABLE)}")
    return args


def _step_figures(name: str, device: str, times: list[float], flops: int, report: Report) -> dict[str, Any]:
    median = statistics.median(times)
    gflops = flops / 1e9 / median
    report.say(f"{name} step, batch {BATCH}: {median:.3f} s (median of {len(times)}, fastest {min(times):.3f} s); "
               f"{gflops:.1f} GFLOP/s; {CLIP_STEPS} steps: {CLIP_STEPS * median / 60:.1f} min (UNet only)")
    return {"name": name, "device": device, "seconds_per_step": median, "times": times, "gflops": gflops}


def measure_peaks(args: argparse.Namespace) -> dict[str, Peak]:
    """The fp32 matrix-product peak of the CPU (onnxruntime, the step's threads) and, where
    a step runs there, of the GPU (PyTorch)."""
    peaks = {"cpu": ort_matmul_peak(session_options(args.threads), [ORT_PROVIDERS["cpu"]], args.peak_size)}
    if torch.cuda.is_available() and (args.device == "cuda" or args.ort_provider == "cuda"):
        peaks["cuda"] = torch_matmul_peak("cuda", GPU_PEAK_SIZE)
    return peaks


def _fractions(args: argparse.Namespace, report: Report, flops: int, first: dict[str, Peak]) -> None:
    """Each step's fraction of the peak: the better of the peaks measured before and after
    the steps (a peak measured while another process held a core says little)."""
    report.progress("measuring the peak again")
    again = measure_peaks(args)
    best = {device: max(first[device], again[device], key=lambda peak: peak.gflops) for device in first}
    report.figures["peaks"] = {device: vars(peak) for device, peak in best.items()}
    report.figures["peaks_measured"] = {device: [vars(first[device]), vars(again[device])] for device in first}
    for device, peak in best.items():
        report.say(f"fp32 matrix-product peak, {device}, again after the steps: {again[device].gflops:.0f} GFLOP/s; "
                   f"the better of the two: {peak.gflops:.0f} GFLOP/s; the step at the peak: "
                   f"{flops / 1e9 / peak.gflops:.2f} s")
    for key in ("torch", "onnxruntime"):
        step = report.figures.get(key)
        if step is not None and step["device"] in best:
            step["fraction_of_peak"] = step["gflops"] / best[step["device"]].gflops
            report.say(f"{step['name']}: {step['gflops']:.1f} GFLOP/s = {100 * step['fraction_of_peak']:.1f}% "
                       f"of the {step['device']} peak")
    if "torch" in report.figures and "onnxruntime" in report.figures:
        ratio = report.figures["onnxruntime"]["seconds_per_step"] / report.figures["torch"]["seconds_per_step"]
        report.figures["ratio_onnxruntime_to_torch"] = ratio
        report.say(f"ratio onnxruntime / PyTorch eager, UNet step: {ratio:.2f}")


def _check_devices(args: argparse.Namespace) -> list[str]:
    """The onnxruntime providers to ask for; clear errors before any long work."""
    if args.device == "cuda" and "torch" not in args.skip and not torch.cuda.is_available():
        raise ValueError(f"--device cuda: this PyTorch ({torch.__version__}) sees no CUDA device")
    provider = ORT_PROVIDERS[args.ort_provider]
    if "onnxruntime" not in args.skip and provider not in ort.get_available_providers():
        raise ValueError(f"--ort-provider {args.ort_provider}: this onnxruntime ({ort.__version__}) has only "
                         f"{', '.join(ort.get_available_providers())}")
    return [provider] if provider == ORT_PROVIDERS["cpu"] else [provider, ORT_PROVIDERS["cpu"]]


def session_options(threads: int, profile_prefix: Path | None = None) -> ort.SessionOptions:
    """The engine's CPU settings (electron/engine/package/providers.ts): all graph
    optimisations, ``threads`` intra-op threads that do not spin."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if profile_prefix is not None:
        options.enable_profiling = True
        options.profile_file_prefix = str(profile_prefix)
    return options


def run(args: argparse.Namespace) -> int:
    providers = _check_devices(args)
    torch.set_num_threads(args.threads)
    report = Report(args.json)
    config = unet_config(args)
    shapes = package_shapes(args)
    inputs, outputs = graph_specs(shapes)["unet"]
    feeds = guidance_feeds(inputs, args.seed)
    step_args = [torch.from_numpy(feeds[spec.name]) for spec in inputs]
    latent = shapes["latent"]
    report.say(f"ZeroScope-shaped Direct-a-Video UNet, random weights: blocks {config['block_out_channels']}, "
               f"{config['layers_per_block']} layers each, cross-attention {config['cross_attention_dim']}, "
               f"camera official-fuser, object control")
    report.say(f"shapes: latents [{BATCH}, 4, {args.frames}, {latent['height']}, {latent['width']}] "
               f"({args.width}x{args.height} px), text [{BATCH}, {args.tokens}, {args.cross_attention_dim}], "
               f"{args.max_regions} regions; guidance batch (one latent, conditional + unconditional)")
    report.say(f"machine: {os.cpu_count()} cores ({cpu_name()}), load average "
               f"{os.getloadavg()[0]:.1f}; torch {torch.__version__}, onnxruntime {ort.__version__}, "
               f"{args.threads} threads")

    report.progress("counting parameters and work on the meta device")
    with torch.device("meta"):
        meta = DirectAVideoUNet.from_config(config)
    parameters = sum(p.numel() for p in meta.parameters())
    camera = sum(v.numel() for v in meta.camera_state_dict().values())
    del meta
    flops, by_op = model_flops(lambda: DirectAVideoUNet.from_config(config), step_args)
    weight_bytes = 4 * parameters
    report.say(f"parameters: {parameters / 1e9:.3f} B ({camera / 1e6:.1f} M of them the camera module); "
               f"float32 weights {weight_bytes / 1e9:.2f} GB")
    report.say(f"UNet step work (matrix products, convolutions, attention; PyTorch's count): {flops / 1e9:.1f} GFLOP")

    report.progress("measuring the fp32 matrix-product peak")
    peaks = measure_peaks(args)
    for device, peak in peaks.items():
        report.say(f"fp32 matrix-product peak, {device} ({peak.how}, best run): {peak.gflops:.0f} GFLOP/s; "
                   f"the step at the peak: {flops / 1e9 / peak.gflops:.2f} s")
    report.figures.update({
        "config": {k: v for k, v in config.items() if k != CAMERA_KEY}, "shapes": shapes, "batch": BATCH,
        "parameters": parameters, "camera_parameters": camera, "weight_bytes": weight_bytes,
        "flops": flops, "flops_by_op": by_op, "threads": args.threads,
        "peaks": {device: vars(peak) for device, peak in peaks.items()},
        "versions": {"torch": torch.__version__, "onnxruntime": ort.__version__},
    })
    if not args.dry_run:
        _measure(args, report, config, (inputs, outputs), feeds, step_args, flops, providers)
        _fractions(args, report, flops, peaks)
    report.save()
    return 0


def _measure(args: argparse.Namespace, report: Report, config: dict[str, Any], specs: tuple[list, list],
             feeds: dict[str, np.ndarray], step_args: list[torch.Tensor], flops: int, providers: list[str]) -> None:
    report.memory("before the model")
    report.progress(f"building the UNet with random weights (seed {args.seed})")
    torch.manual_seed(args.seed)
    unet = DirectAVideoUNet.from_config(config).eval()
    randomize_camera_gates(unet, args.seed)
    report.memory("building the UNet")
    if "torch" not in args.skip:
        report.progress(f"PyTorch eager step on {args.device}: {args.warmup} untimed, {args.repeat} timed")
        unet.to(args.device)
        on_device = [arg.to(args.device) for arg in step_args]
        sync = torch.cuda.synchronize if args.device == "cuda" else (lambda: None)
        with torch.inference_mode():
            times = timed(lambda: unet(*on_device), args.warmup, args.repeat, sync)
        report.figures["torch"] = _step_figures(f"PyTorch eager ({args.device})", args.device, times, flops, report)
        report.memory("PyTorch step", args.device)
        unet.to("cpu")
        del on_device
    if "onnxruntime" in args.skip:
        return
    with tempfile.TemporaryDirectory(prefix="directa-zeroscope-") as scratch:
        folder = args.workdir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / GRAPH_FILES["unet"]
        report.progress(f"exporting the UNet graph to {path}")
        started = time.perf_counter()
        example = [torch.from_numpy(value) for value in sample_feeds(specs[0], batch=1).values()]
        written = export_graph(unet, example, path, *specs, args.external_data_threshold,
                               shared_batch_inputs=GUIDANCE_SHARED["unet"])
        files = {file.name: file.stat().st_size for file in written}
        report.figures["export"] = {"seconds": time.perf_counter() - started, "files": files}
        report.say(f"export: {time.perf_counter() - started:.0f} s; "
                   + ", ".join(f"{name} {size / 1e9:.2f} GB" for name, size in files.items()))
        del unet
        gc.collect()
        report.memory("export")
        _measure_ort(args, report, path, feeds, providers, Path(scratch))


def _measure_ort(args: argparse.Namespace, report: Report, path: Path, feeds: dict[str, np.ndarray],
                 providers: list[str], scratch: Path) -> None:
    report.progress(f"onnxruntime step on {providers[0]}: opening the session")
    started = time.perf_counter()
    session = ort.InferenceSession(str(path), session_options(args.threads, scratch / "profile"), providers=providers)
    opened = time.perf_counter() - started
    if providers[0] not in session.get_providers():
        raise ValueError(f"onnxruntime could not start {providers[0]} (it opened {', '.join(session.get_providers())})")
    report.progress(f"onnxruntime step: {args.warmup} untimed, {args.repeat} timed (profiled)")
    times = timed(lambda: session.run(None, feeds), args.warmup, args.repeat)
    summary = profile_summary(Path(session.end_profiling()))
    del session
    device = {ORT_PROVIDERS["cpu"]: "cpu", ORT_PROVIDERS["cuda"]: "cuda"}.get(providers[0], "")
    report.say(f"onnxruntime session opened in {opened:.1f} s ({providers[0]}, {args.threads} threads, no spinning)")
    figures = _step_figures(f"onnxruntime ({args.ort_provider})", device, times, summary.flops, report)
    note = f" ({len(summary.uncounted)} operators without shapes not counted)" if summary.uncounted else ""
    report.say(f"onnxruntime executed work (profiled run): {summary.flops / 1e9:.1f} GFLOP{note}; "
               f"profiled step {summary.run_micros / 1e6:.3f} s; the ten most expensive operators:")
    for line in operator_lines(summary):
        report.say(line)
    report.figures["onnxruntime"] = {
        "provider": providers[0], "session_seconds": opened, "executed_flops": summary.flops,
        "uncounted": summary.uncounted[:10], **figures,
        "top_operators": [vars(entry) for entry in summary.operators[:10]],
    }
    report.memory("onnxruntime step")


def main(argv: list[str] | None = None) -> int:
    return run_command(parse_args(argv), run)


if __name__ == "__main__":
    sys.exit(main())
