"""A ZeroScope-shaped Direct-a-Video UNet for benchmarks: zeroscope_v2_576w's UNet config
(narrower or with fewer layers by option), its graph's input shapes and a guidance batch of
inputs (bench_zeroscope.py)."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from .package import sample_feeds
from .unet import CAMERA_KEY

#: zeroscope_v2_576w's unet/config.json (diffusers' UNet3DConditionModel defaults)
ZEROSCOPE_576W_UNET: dict[str, Any] = {
    "in_channels": 4,
    "out_channels": 4,
    "down_block_types": ["CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "CrossAttnDownBlock3D", "DownBlock3D"],
    "up_block_types": ["UpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D", "CrossAttnUpBlock3D"],
    "block_out_channels": [320, 640, 1280, 1280],
    "layers_per_block": 2,
    "downsample_padding": 1,
    "mid_block_scale_factor": 1,
    "act_fn": "silu",
    "norm_num_groups": 32,
    "norm_eps": 1e-5,
    "cross_attention_dim": 1024,
    "attention_head_dim": 64,
    "sample_size": 32,
}
VAE_FACTOR = 8


def _channels(text: str) -> list[int]:
    values = [int(v) for v in text.split(",")]
    if len(values) != 4 or min(values) < 1:
        raise argparse.ArgumentTypeError("four positive widths, one per block, e.g. 320,640,1280,1280")
    return values


def add_model_options(parser: argparse.ArgumentParser) -> None:
    """Options for the model's size and the clip's shape; defaults: zeroscope_v2_576w at 576x320, 24 frames."""
    z = ZEROSCOPE_576W_UNET
    parser.add_argument("--width", type=int, default=576, help="frame width in pixels (default 576: latents 72)")
    parser.add_argument("--height", type=int, default=320, help="frame height in pixels (default 320: latents 40)")
    parser.add_argument("--frames", type=int, default=24, help="frames per clip (default 24)")
    parser.add_argument("--tokens", type=int, default=77, help="text tokens (default 77, CLIP's)")
    parser.add_argument("--max-regions", type=int, default=4, help="object regions (default 4)")
    parser.add_argument("--block-out-channels", type=_channels, default=z["block_out_channels"],
                        help="widths of the 4 blocks (default 320,640,1280,1280)")
    parser.add_argument("--layers-per-block", type=int, default=z["layers_per_block"], help="default 2")
    parser.add_argument("--cross-attention-dim", type=int, default=z["cross_attention_dim"],
                        help="text embedding width (default 1024)")
    parser.add_argument("--attention-head-dim", type=int, default=z["attention_head_dim"],
                        help="diffusers' attention_head_dim (UNet3D uses it as the number of heads; default 64)")
    parser.add_argument("--norm-num-groups", type=int, default=z["norm_num_groups"], help="default 32")


def check_model_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for name in ("width", "height", "frames", "tokens", "max_regions", "layers_per_block", "cross_attention_dim",
                 "attention_head_dim", "norm_num_groups"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.width % VAE_FACTOR or args.height % VAE_FACTOR:
        parser.error(f"--width and --height must be multiples of the VAE factor {VAE_FACTOR}")
    for width in args.block_out_channels:
        if width % args.norm_num_groups or width % args.attention_head_dim:
            parser.error(f"block width {width} must be a multiple of --norm-num-groups ({args.norm_num_groups}) and "
                         f"of --attention-head-dim ({args.attention_head_dim}, UNet3D's number of heads)")


def unet_config(args: argparse.Namespace) -> dict[str, Any]:
    """The diffusers config with the options' widths, plus the official camera path."""
    return {**ZEROSCOPE_576W_UNET, "block_out_channels": list(args.block_out_channels),
            "layers_per_block": args.layers_per_block, "cross_attention_dim": args.cross_attention_dim,
            "attention_head_dim": args.attention_head_dim, "norm_num_groups": args.norm_num_groups,
            CAMERA_KEY: "official-fuser"}


def package_shapes(args: argparse.Namespace) -> dict[str, Any]:
    """The manifest fields that fix the UNet graph's shapes."""
    return {"text": {"maxTokens": args.tokens, "dim": args.cross_attention_dim}, "maxRegions": args.max_regions,
            "frames": args.frames, "width": args.width, "height": args.height,
            "latent": {"channels": 4, "height": args.height // VAE_FACTOR, "width": args.width // VAE_FACTOR}}


def guidance_feeds(specs: list, seed: int) -> dict[str, np.ndarray]:
    """The engine's guidance batch: [conditional, unconditional] with one latent and timestep."""
    cond = sample_feeds(specs, batch=1, seed=seed)
    uncond = {name: np.zeros_like(value) for name, value in cond.items()}
    for name in ("sample", "timestep", "camera_gate"):
        uncond[name] = cond[name]
    uncond["camera"][:] = (0.0, 0.0, 1.0)
    text = cond["encoder_hidden_states"]
    uncond["encoder_hidden_states"] = np.random.default_rng(seed + 1).standard_normal(text.shape).astype(np.float32)
    return {name: np.concatenate([cond[name], uncond[name]]) for name in cond}
