"""python -m directa_models.convert_zeroscope: ZeroScope + official Direct-a-Video camera
checkpoint -> model package.

    python -m directa_models.convert_zeroscope --model-dir zeroscope_v2_576w \\
        --camera-ckpt unet_cam_model.ckpt --out packages/zeroscope-dav

``--model-dir`` is a local diffusers folder with unet/, text_encoder/, tokenizer/ and vae/
(scheduler/ is read when present). The camera checkpoint is the official
``unet_cam_model.ckpt`` (a torch-saved dict of ``position_net.*`` and ``*.fuser.*``
tensors) or the same keys in a .safetensors file; it must match the UNet exactly.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import torch
from diffusers import AutoencoderKL, UNet3DConditionModel
from safetensors.torch import load_file

from .cli import run_command
from .package import ModelBundle, PackageInfo, write_package
from .package_tokenizers import ClipBpeTokenizer
from .unet import CheckpointError, DirectAVideoUNet

SUBFOLDERS = ("unet", "text_encoder", "tokenizer", "vae")
ZEROSCOPE_SCHEDULER = {
    "numTrainTimesteps": 1000,
    "betaStart": 0.00085,
    "betaEnd": 0.012,
    "betaSchedule": "scaled_linear",
    "predictionType": "epsilon",
    "stepsOffset": 1,
    "setAlphaToOne": False,
}
SCHEDULER_KEYS = {
    "num_train_timesteps": "numTrainTimesteps",
    "beta_start": "betaStart",
    "beta_end": "betaEnd",
    "beta_schedule": "betaSchedule",
    "prediction_type": "predictionType",
    "steps_offset": "stepsOffset",
    "set_alpha_to_one": "setAlphaToOne",
}
DIRECT_A_VIDEO_DEFAULTS = {
    "steps": 50,
    "guidance": 9,
    "camOffT": 0.85,
    "cameraCfg": True,
    "attnLambda": 25,
    "attnTau": 0.95,
    "negativePrompt": "",
}


def read_camera_checkpoint(path: Path) -> dict[str, torch.Tensor]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: camera checkpoint not found")
    if path.suffix == ".safetensors":
        state = load_file(str(path))
    else:
        state = torch.load(str(path), map_location="cpu", weights_only=True)
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        raise CheckpointError(f"{path}: expected a flat dict of tensors (position_net.*, *.fuser.*)")
    return {k: v.float() for k, v in state.items()}


def read_scheduler(model_dir: Path) -> dict[str, Any]:
    path = model_dir / "scheduler" / "scheduler_config.json"
    if not path.is_file():
        return dict(ZEROSCOPE_SCHEDULER)
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {camel: raw.get(snake, ZEROSCOPE_SCHEDULER[camel]) for snake, camel in SCHEDULER_KEYS.items()}


def load_zeroscope(model_dir: Path, camera_ckpt: Path) -> ModelBundle:
    """The ZeroScope components in float32 with the camera module loaded strictly."""
    from transformers import CLIPTextModel

    missing = [name for name in SUBFOLDERS if not (model_dir / name).is_dir()]
    if missing:
        raise FileNotFoundError(f"{model_dir}: missing diffusers subfolder(s) {', '.join(missing)}")
    options = {"torch_dtype": torch.float32, "local_files_only": True}
    unet = DirectAVideoUNet(UNet3DConditionModel.from_pretrained(str(model_dir / "unet"), **options))
    unet.load_camera_state_dict(read_camera_checkpoint(camera_ckpt))
    text_encoder = CLIPTextModel.from_pretrained(str(model_dir / "text_encoder"), **options)
    max_tokens = text_encoder.config.max_position_embeddings
    tokenizer = ClipBpeTokenizer.from_pretrained_dir(model_dir / "tokenizer", max_tokens)
    vae = AutoencoderKL.from_pretrained(str(model_dir / "vae"), **options)
    return ModelBundle(unet.eval(), text_encoder.eval(), vae.eval(), tokenizer, max_tokens,
                       text_encoder.config.hidden_size)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m directa_models.convert_zeroscope",
        description="Convert a local diffusers ZeroScope folder and the official Direct-a-Video camera "
        "checkpoint (unet_cam_model.ckpt) into an ONNX model package.",
    )
    parser.add_argument("--model-dir", type=Path, required=True,
                        help="diffusers folder with unet/, text_encoder/, tokenizer/, vae/")
    parser.add_argument("--camera-ckpt", type=Path, required=True, help="unet_cam_model.ckpt or .safetensors")
    parser.add_argument("--out", type=Path, required=True, help="package folder to write")
    parser.add_argument("--width", type=int, default=512, help="frame width in pixels (default 512)")
    parser.add_argument("--height", type=int, default=320, help="frame height in pixels (default 320)")
    parser.add_argument("--frames", type=int, default=24, help="frames per clip (default 24)")
    parser.add_argument("--fps", type=float, default=8, help="frames per second (default 8)")
    parser.add_argument("--max-regions", type=int, default=4, help="object regions incl. background (default 4)")
    parser.add_argument("--id", default="zeroscope-direct-a-video", help="package id")
    parser.add_argument("--name", default="ZeroScope v2 + Direct-a-Video camera", help="display name")
    parser.add_argument("--description", default="ZeroScope text-to-video UNet with the official "
                        "Direct-a-Video camera module and training-free object control.")
    parser.add_argument("--license", default="CC-BY-NC-4.0",
                        help="licence of the converted weights (ZeroScope v2 is CC-BY-NC-4.0)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    return run_command(parse_args(argv), run)


def run(args: argparse.Namespace) -> int:
    bundle = load_zeroscope(args.model_dir, args.camera_ckpt)
    info = PackageInfo(
        id=args.id, name=args.name, description=args.description, license=args.license,
        source=f"converted from {args.model_dir.name} and {args.camera_ckpt.name} by "
        "directa_models.convert_zeroscope",
        width=args.width, height=args.height, frames=args.frames, fps=args.fps, max_regions=args.max_regions,
        scheduler=read_scheduler(args.model_dir), defaults=dict(DIRECT_A_VIDEO_DEFAULTS),
    )
    manifest = write_package(bundle, info, args.out)
    print(f"wrote package '{manifest['id']}' to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
