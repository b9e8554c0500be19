"""python -m directa_models.repass: run the graph passes that any exported graph takes on a
package's UNet as it is, without re-exporting it from PyTorch.

    python -m directa_models.repass packages/directa-previz

The passes are the exporter's (onnx_export.speed_passes). They change how the graph
computes, not what: each checks on the package's sample inputs at batch 1 and 2 that the
graph's outputs stay bit for bit the same (narrow_output and short_attention: within their
tolerance, as they sum the same products in another order), or raises and nothing is
written. The trained weights (narrow_output adds the product of two of them), the other
graphs and every other manifest field stay as they are. A graph that already has them is
left alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import onnx

from .cli import run_command
from .contract import GRAPH_FILES, MANIFEST, graph_specs
from .onnx_export import GRAPH_PASS_LIMIT, speed_passes
from .package import record_graph, sample_feeds
from .row_chunks import CHUNK_BYTES


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.repass",
        description="Apply the exporter's graph passes to a package's unet.onnx in place (its outputs kept).")
    parser.add_argument("package", type=Path, help="package folder (manifest.json, unet.onnx)")
    parser.add_argument("--chunk-bytes", type=int, default=CHUNK_BYTES,
                        help=f"the widest intermediate of a row chunk, in bytes (default {CHUNK_BYTES})")
    parser.add_argument("--dry-run", action="store_true", help="run and check the passes, but leave the package as it is")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return run_command(parse_args(argv), run)


def run(args: argparse.Namespace) -> int:
    if args.chunk_bytes < 1:
        raise ValueError("--chunk-bytes must be at least 1")
    manifest = json.loads((args.package / MANIFEST).read_text(encoding="utf-8"))
    path = args.package / GRAPH_FILES["unet"]
    if "externalData" in manifest["files"]["unet"] or path.stat().st_size > GRAPH_PASS_LIMIT:
        raise ValueError(f"{path} is larger than the {GRAPH_PASS_LIMIT >> 20} MiB the exporter runs graph passes on "
                         "(at that size the convolutions, not these passes, set the speed)")
    model = onnx.load(str(path))
    inputs, _ = graph_specs(manifest)["unet"]
    single, double = sample_feeds(inputs, batch=1), sample_feeds(inputs, batch=2)
    done = speed_passes(model, single, double, args.chunk_bytes)
    print("; ".join(f"{what}: {count}" for what, count in done.items()))
    if not any(done.values()) or args.dry_run:
        return 0
    with tempfile.TemporaryDirectory(dir=args.package) as scratch:
        fresh = Path(scratch) / path.name
        onnx.save_model(model, str(fresh))
        os.replace(fresh, path)
    record_graph(args.package, manifest, "unet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
