"""python -m directa_models.reexport: write a package's UNet graph again with the current
exporter (export forms, constant Reshape targets), keeping its weights bit for bit.

    python -m directa_models.reexport packages/directa-previz --config configs/previz.json

1. The weights are read out of the package's own ``unet.onnx`` (onnx_weights.py) into the
   config's UNet, with the camera path the graph was exported with.
2. Proof that they are the package's weights: a plain export (as packages were written
   before the export forms) of the loaded model must reproduce every initializer of the
   package's graph, name and bytes; otherwise nothing is written.
3. The new graph is exported from the same model and must equal the PyTorch model within
   1e-4 on the package's sample inputs at batch 2, as the engine's guidance batch (one
   sample twice) and as two different samples, as the package tests require.
4. ``unet.onnx`` is replaced and the manifest's ``files.unet`` entry updated; the text
   encoder, the VAE decoder and every other manifest field stay as they are.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch

from .bench_step import unet_shapes
from .cli import run_command
from .contract import GRAPH_FILES, MANIFEST, graph_specs
from .default_model import load_config
from .onnx_export import export_graph
from .onnx_weights import camera_mode, differing_initializers, unet_state_dict
from .package import GUIDANCE_SHARED, record_graph, sample_feeds
from .unet import CAMERA_KEY, DirectAVideoUNet

TOLERANCE = 1e-4


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.reexport",
        description="Re-export a package's unet.onnx with the current exporter, keeping its weights "
        "bit for bit (checked by reproducing the old graph's initializers) and its other files.")
    parser.add_argument("package", type=Path, help="package folder (manifest.json, unet.onnx)")
    parser.add_argument("--config", type=Path, required=True, help="the model config the package was made from")
    parser.add_argument("--dry-run", action="store_true", help="check and export, but leave the package as it is")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return run_command(parse_args(argv), run)


def load_unet(package: Path, config_path: Path) -> tuple[DirectAVideoUNet, onnx.ModelProto]:
    """The config's UNet with the weights of the package's graph."""
    graph = onnx.load(str(package / GRAPH_FILES["unet"]))
    config = load_config(config_path)
    unet = DirectAVideoUNet.from_config({**config.unet, CAMERA_KEY: camera_mode(graph)}).eval()
    unet.unet.load_state_dict(unet_state_dict(graph, unet.unet.state_dict()), strict=True)
    return unet, graph


def run(args: argparse.Namespace) -> int:
    manifest = json.loads((args.package / MANIFEST).read_text(encoding="utf-8"))
    unet, old = load_unet(args.package, args.config)
    shapes = unet_shapes(load_config(args.config))
    inputs, outputs = graph_specs(manifest)["unet"]
    if graph_specs(shapes)["unet"][0] != inputs:
        raise ValueError(f"{args.config} does not describe the package's UNet inputs")
    example = [torch.from_numpy(value) for value in sample_feeds(inputs, batch=1).values()]
    with tempfile.TemporaryDirectory(dir=args.package) as scratch:
        plain = Path(scratch) / "plain.onnx"
        export_graph(unet, example, plain, inputs, outputs, plain=True)
        differing = differing_initializers(old, onnx.load(str(plain)))
        if differing:
            raise ValueError(f"the weights read from the graph do not reproduce it: {len(differing)} initializers "
                             f"differ, e.g. {differing[:3]}")
        same_file = plain.read_bytes() == (args.package / GRAPH_FILES["unet"]).read_bytes()
        print(f"weights: all {len(old.graph.initializer)} initializers of {GRAPH_FILES['unet']} reproduced bit for bit"
              f"{' (the whole file too)' if same_file else ''}")
        fresh = Path(scratch) / GRAPH_FILES["unet"]
        export_graph(unet, example, fresh, inputs, outputs, shared_batch_inputs=GUIDANCE_SHARED["unet"])
        session = ort.InferenceSession(str(fresh), providers=["CPUExecutionProvider"])
        differ = sample_feeds(inputs, batch=2)
        guidance = {**differ, "sample": np.concatenate([differ["sample"][:1]] * 2)}  # as the engine's batch
        for name, feeds in (("guidance batch", guidance), ("two different samples", differ)):
            with torch.no_grad():
                expected = unet(**{k: torch.from_numpy(v) for k, v in feeds.items()}).numpy()
            worst = float(np.abs(session.run(None, feeds)[0] - expected).max())
            if not worst <= TOLERANCE:
                raise ValueError(f"the new graph differs from PyTorch by {worst:.2e} on a {name} "
                                 f"(tolerance {TOLERANCE})")
            print(f"new graph, {name}: max |ONNX - PyTorch| = {worst:.2e}")
        if args.dry_run:
            return 0
        os.replace(fresh, args.package / GRAPH_FILES["unet"])
    record_graph(args.package, manifest, "unet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
