"""python -m directa_models.bench_step: time one UNet forward of the default model family in
PyTorch eager mode, as the reference for the engine's onnxruntime step time (npm run bench).

    python -m directa_models.bench_step --config configs/tiny.json --batch 2 --repeat 10

The UNet is built from the config with random weights (timing does not depend on the
weights; the camera gates are set non-zero as in an exported package), and is called with
the package contract's inputs at the package's shapes and with the exporter's sample
controls (camera on, one box with amplification and suppression). Prints one JSON object:
``seconds_per_step`` (the median of the timed runs), every run's time, the shapes, the
torch build, the camera path and the process's peak memory. ``--package`` takes the camera
path (official module or window coordinates) from a package's graph, so that the reference
is the package's architecture when the config has moved on. ``--ff-chunks`` turns on
diffusers' own feed-forward chunking in every transformer block (``set_chunk_feed_forward``
over the sequences), each block's chunk the most sequences whose widest feed-forward
intermediate fits in 512 KiB: PyTorch's counterpart of the graph's row chunks
(row_chunks.py), so that the reference gets the same cache blocking.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import onnx
import torch
from diffusers.models.attention import BasicTransformerBlock

from .contract import GRAPH_FILES, graph_specs
from .default_model import DefaultModelConfig, load_config, randomize_camera_gates
from .package import sample_feeds
from .onnx_weights import camera_mode
from .row_chunks import CHUNK_BYTES
from .unet import CAMERA_KEY, DirectAVideoUNet


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.bench_step",
        description="Time one Direct-a-Video UNet forward (PyTorch eager, inference mode, CPU) of a "
        "default-family model config with random weights; prints JSON with seconds_per_step.",
    )
    parser.add_argument("--config", type=Path, required=True, help="model config JSON (e.g. configs/tiny.json)")
    parser.add_argument("--batch", type=int, default=2, help="batch size (default 2: the guidance batch)")
    parser.add_argument("--repeat", type=int, default=5, help="timed forwards (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed forwards first (default 1)")
    parser.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default 2)")
    parser.add_argument("--halves", action="store_true",
                        help="run the batch's halves at once on two Python threads, each with half of --threads "
                        "(as the engine splits the guidance batch) instead of the batch in one call")
    parser.add_argument("--ff-chunks", action="store_true",
                        help="diffusers' feed-forward chunking in every transformer block (the graph's row chunks)")
    parser.add_argument("--seed", type=int, default=0, help="seed for the random weights and inputs")
    parser.add_argument("--package", type=Path, default=None,
                        help="a package of this config whose unet.onnx names the camera path to time (the official "
                        "module or window coordinates; default: the config's)")
    args = parser.parse_args(argv)
    for name in ("batch", "repeat", "threads"):
        if getattr(args, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup must be 0 or more")
    return args


def unet_shapes(config: DefaultModelConfig) -> dict[str, Any]:
    """The manifest fields that fix the UNet's input shapes, as the exporter writes them."""
    factor = 2 ** (len(config.vae["block_out_channels"]) - 1)
    info = config.info
    return {
        "text": {"maxTokens": config.text.max_tokens, "dim": config.text.dim},
        "maxRegions": info.max_regions,
        "frames": info.frames,
        "latent": {
            "channels": config.vae.get("latent_channels", 4),
            "height": info.height // factor,
            "width": info.width // factor,
        },
        "height": info.height,
        "width": info.width,
    }


def chunk_feed_forwards(unet: torch.nn.Module, call: Callable[[], object], chunk_bytes: int = CHUNK_BYTES) -> int:
    """Turn on diffusers' feed-forward chunking over the sequences (dim 0) in every
    transformer block: each block's chunk is the most sequences that divide its count and
    keep the widest intermediate ([sequences * tokens, inner]) within ``chunk_bytes``
    (chunking set before is turned off first). ``call`` runs the UNet once, as it will be
    timed, to see each block's shapes; returns how many blocks chunk."""
    blocks = {module.ff: module for module in unet.modules() if isinstance(module, BasicTransformerBlock)}
    for block in blocks.values():
        block.set_chunk_feed_forward(chunk_size=None, dim=0)
    shapes: dict[torch.nn.Module, tuple[int, int, int]] = {}

    def record(ff: torch.nn.Module, inputs: tuple[torch.Tensor, ...]) -> None:
        x = inputs[0]
        inner = max(module.out_features for module in ff.modules() if isinstance(module, torch.nn.Linear))
        shapes[ff] = (x.shape[0], x[0].numel() // x.shape[-1], inner)

    hooks = [ff.register_forward_pre_hook(record) for ff in blocks]
    try:
        call()
    finally:
        for hook in hooks:
            hook.remove()
    chunked = 0
    for ff, (sequences, tokens, inner) in shapes.items():
        fits = [size for size in range(1, sequences + 1)
                if sequences % size == 0 and size * tokens * inner * 4 <= chunk_bytes]
        size = max(fits, default=1)
        if size < sequences:
            blocks[ff].set_chunk_feed_forward(chunk_size=size, dim=0)
            chunked += 1
    return chunked


def measure(config: DefaultModelConfig, batch: int, repeat: int, warmup: int, seed: int,
            camera: str | None = None, halves: bool = False, ff_chunks: bool = False) -> dict[str, Any]:
    torch.manual_seed(seed)
    unet = DirectAVideoUNet.from_config({**config.unet, **({CAMERA_KEY: camera} if camera else {})}).eval()
    randomize_camera_gates(unet, seed)
    inputs, _ = graph_specs(unet_shapes(config))["unet"]
    feeds = sample_feeds(inputs, batch=batch, seed=seed)
    args = [torch.from_numpy(feeds[spec.name]) for spec in inputs]
    chunked = 0
    with torch.inference_mode():
        call = split_call(unet, args) if halves else lambda: unet(*args)
        if ff_chunks:
            chunked = chunk_feed_forwards(unet, call)
        times = timed(call, warmup, repeat)
    return {
        "seconds_per_step": statistics.median(times),
        "times": times,
        "batch": batch,
        "repeat": repeat,
        "warmup": warmup,
        "threads": torch.get_num_threads(),
        "halves": halves,
        "ff_chunked_blocks": chunked,
        "torch": torch.__version__,
        "parameters": sum(p.numel() for p in unet.parameters()),
        "camera": unet.camera_mode,
        "inputs": {spec.name: list(feeds[spec.name].shape) for spec in inputs},
        "peak_rss_mb": peak_rss_mb(),
    }


def split_call(unet: torch.nn.Module, args: list[torch.Tensor]) -> Callable[[], None]:
    """A call that runs the first half of the batch on this thread and the rest on another,
    at once (inference mode is per thread, so the other thread enters it too)."""
    first = [a[: a.shape[0] // 2] for a in args]
    rest = [a[a.shape[0] // 2:] for a in args]

    def other() -> None:
        with torch.inference_mode():
            unet(*rest)

    def call() -> None:
        thread = threading.Thread(target=other)
        thread.start()
        unet(*first)
        thread.join()

    return call


def timed(call: Callable[[], object], warmup: int, repeat: int, sync: Callable[[], None] = lambda: None) -> list[float]:
    """Seconds of each of ``repeat`` calls after ``warmup`` untimed ones; ``sync`` waits for
    the device (torch.cuda.synchronize for a GPU)."""
    for _ in range(warmup):
        call()
    sync()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        sync()
        times.append(time.perf_counter() - started)
    return times


def peak_rss_mb() -> float | None:
    """This process's peak resident memory in MiB (None where the OS does not say)."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, KiB on Linux


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.halves and args.batch < 2:
        print("error: --halves needs --batch 2 or more", file=sys.stderr)
        return 1
    torch.set_num_threads(max(1, args.threads // 2) if args.halves else args.threads)
    try:
        config = load_config(args.config)
        camera = None
        if args.package is not None:
            camera = camera_mode(onnx.load(str(args.package / GRAPH_FILES["unet"]), load_external_data=False))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    result = measure(config, args.batch, args.repeat, args.warmup, args.seed, camera, args.halves, args.ff_chunks)
    print(json.dumps({"config": str(args.config), "id": config.info.id, **result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
