"""python -m directa_models.export: write a package of the default model family.

    python -m directa_models.export --tiny --out DIR [--seed 0]
    python -m directa_models.export --config CONFIG.json --weights WEIGHTS.safetensors --out DIR
    python -m directa_models.export --config CONFIG.json --random-weights --out DIR [--seed 0]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from .cli import run_command
from .default_model import TINY_CONFIG, build_bundle, load_config, load_weights, randomize_camera_gates
from .package import write_package


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.export",
        description="Export a Direct-a-Video model of the default family (word tokenizer, small text "
        "encoder, UNet3D with camera module, AutoencoderKL) as an ONNX model package.",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--tiny", action="store_true",
                        help=f"the tiny random-weight test package ({TINY_CONFIG.name}: 8 frames, 16x16 latents)")
    source.add_argument("--config", type=Path, help="model config JSON (see configs/tiny.json)")
    weights = parser.add_mutually_exclusive_group()
    weights.add_argument("--weights", type=Path, help="safetensors with unet./text_encoder./vae. keys")
    weights.add_argument("--random-weights", action="store_true", help="export random weights (tests only)")
    parser.add_argument("--seed", type=int, default=0, help="seed for random weights (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="package folder to write")
    args = parser.parse_args(argv)
    if args.config is not None and args.weights is None and not args.random_weights:
        parser.error("--config needs --weights FILE or --random-weights")
    if args.tiny and args.weights is not None:
        parser.error("--tiny always uses random weights")
    return args


def main(argv: list[str] | None = None) -> int:
    return run_command(parse_args(argv), run)


def run(args: argparse.Namespace) -> int:
    config = load_config(TINY_CONFIG if args.tiny else args.config)
    bundle = build_bundle(config, args.seed)
    info = config.info
    if args.weights is not None:
        load_weights(bundle, args.weights)
    else:
        randomize_camera_gates(bundle.unet, args.seed)
        info = dataclasses.replace(info, source=f"{info.source} (seed {args.seed})")
    manifest = write_package(bundle, info, args.out)
    for key, entry in manifest["files"].items():
        print(f"{key}: {entry['path']} ({entry['bytes']} bytes)")
    print(f"wrote package '{manifest['id']}' to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
