"""python -m directa_models.train: train the built-in model and export it as a package.

    python -m directa_models.train --config configs/previz.json --out runs/previz \\
        --package packages/directa-previz [--minutes-vae 5 --minutes-base 35 --minutes-camera 15]

Stages (each resumable from its checkpoint in --out, each time-boxed):
  1. VAE on random crops of world frames; its latent scaling factor is measured
     (a decoder fine-tuned by train.decoder_stage on the same latents replaces its decoder)
  2. latent caches of static clips (base) and of moving/zooming crops (camera)
  3. text encoder + base UNet, camera module bypassed
  4. camera module only, base frozen
  (3-4 for a model with the official camera module; a model whose UNet config asks for
  "camera_conditioning": "window-coords", like the built-in one, instead trains
  3'. text encoder + UNet + its camera path together on moving/zooming crops)
  5. weights.safetensors and the package (with the world's colour locator)
After each stage a sample sheet goes to --out/samples (see train.progress_samples).
Run it again with larger minutes (or on a GPU) to continue training.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import torch

from ..camera_coords import MODES as WINDOW_MODES
from ..default_model import build_bundle, load_config, load_weights, save_weights, weights_metadata
from ..package import write_package
from .common import Log, load_checkpoint, save_checkpoint
from .diffusion_stage import StageSettings, train_stage
from .latent_cache import build_cache
from .progress_samples import generation_sheet, vae_sheet
from .vae_stage import train_vae
from .world_source import WorldSource


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m directa_models.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", type=Path, required=True, help="model config (configs/previz.json)")
    p.add_argument("--out", type=Path, required=True, help="run folder: checkpoints, caches, log")
    p.add_argument("--package", type=Path, required=True, help="where to write the model package")
    p.add_argument("--minutes-vae", type=float, default=5)
    p.add_argument("--minutes-base", type=float, default=35)
    p.add_argument("--minutes-camera", type=float, default=15)
    p.add_argument("--minutes-joint", type=float, default=50, help="joint stage (window-coords camera path)")
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--clips", type=int, default=800, help="static clips in the base latent cache")
    p.add_argument("--camera-clips", type=int, default=500, help="moving-camera clips in the camera cache")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    p.add_argument("--data-seed", type=int, default=0)
    p.add_argument("--lr-base", type=float, default=4e-4, help="base UNet + text encoder learning rate")
    p.add_argument("--lr-camera", type=float, default=5e-4, help="camera module learning rate")
    p.add_argument("--camera-lr-scale", type=float, default=1.0,
                   help="joint stage: the camera path's learning rate as a multiple of --lr-base")
    p.add_argument("--attn-loss", type=float, default=0.1,
                   help="weight of the token attention loss in the joint stage (attention_loss.py; 0: off)")
    p.add_argument("--device", default="cpu", help="cpu, cuda or auto (cuda when available)")
    p.add_argument("--workers", type=int, default=1, help="processes rendering world clips for the caches")
    p.add_argument("--init-weights", type=Path,
                   help="start from this weights file (a committed fp16 checkpoint): the VAE is kept as it is, the joint "
                        "stage continues from its weights with a fresh schedule")
    p.add_argument("--checkpoint-out", type=Path, help="also write the trained weights here as an fp16 checkpoint")
    p.add_argument("--min-snr", type=float, default=0,
                   help="Min-SNR-γ loss weights (0: the plain loss, which keeps the high-noise steps that lay out the clip)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    args.out.mkdir(parents=True, exist_ok=True)
    log = Log(args.out / "log.jsonl")
    config = load_config(args.config)
    world = WorldSource(config.info.width, config.info.height, config.info.frames, args.data_seed)
    bundle = build_bundle(config, seed=0)
    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available() else
                          "cpu" if args.device == "auto" else args.device)
    for module in (bundle.unet, bundle.text_encoder, bundle.vae):
        module.to(device)
    if args.init_weights:
        seed_from_weights(bundle, args.init_weights, args.out, log)
    started = time.monotonic()

    scaling = train_vae(bundle.vae, world.frame_crops, args.out, log, args.minutes_vae)
    bundle.vae.register_to_config(scaling_factor=scaling)
    decoder = load_checkpoint(args.out / "decoder.pt")  # a fine-tuned decoder (decoder_stage), if one was trained
    if decoder:
        if decoder["norm_num_groups"] != bundle.vae.config.norm_num_groups:
            raise SystemExit(f"decoder.pt was trained with {decoder['norm_num_groups']} GroupNorm groups, the config has "
                             f"{bundle.vae.config.norm_num_groups}")
        own = bundle.vae.state_dict()
        own.update({k: v for k, v in decoder["model"].items() if k.startswith(("decoder.", "post_quant_conv."))})
        bundle.vae.load_state_dict(own)
        log(stage="decoder", loaded=decoder["step"])
    bundle.vae.requires_grad_(False)
    samples = args.out / "samples"
    with on_cpu(bundle):
        vae_sheet(bundle, config.info, samples / "vae.png")

    empty = torch.tensor(bundle.tokenizer.tokenizer.encode(""))
    if config.unet.get("camera_conditioning") in WINDOW_MODES:
        return joint_flow(args, config, bundle, world, scaling, empty, started, log)
    base_cache = build_cache(args.out / "cache_base.pt", world, bundle, scaling, args.clips, False, log)
    base_steps = train_stage(bundle.unet, bundle.text_encoder, base_cache, empty, config.info.scheduler, config.info.max_regions,
                             StageSettings("base", args.minutes_base, args.lr_base, 0, 0.1, camera=False,
                                           min_snr=args.min_snr), args.out, log)
    del base_cache
    generation_sheet(bundle, config.info, "base", samples / f"base-{base_steps}.png")
    camera_cache = build_cache(args.out / "cache_camera.pt", world, bundle, scaling, args.camera_clips, True, log)
    camera_steps = train_stage(bundle.unet, bundle.text_encoder, camera_cache, empty, config.info.scheduler, config.info.max_regions,
                               StageSettings("camera", args.minutes_camera, args.lr_camera, 400, 0.05, camera=True,
                                             min_snr=args.min_snr), args.out, log)
    generation_sheet(bundle, config.info, "camera", samples / f"camera-{camera_steps}.png")

    source = describe(args, bundle, started, f"{args.clips} static + {args.camera_clips} camera clips",
                      f"VAE, then text encoder + base UNet {base_steps} steps, then camera module {camera_steps} steps")
    return finish(args, config, bundle, world, scaling, source, log)


@contextmanager
def on_cpu(bundle) -> Iterator[None]:
    """Sample sheets run the reference pipeline on the CPU; the models go back after."""
    device = next(bundle.unet.parameters()).device
    for module in (bundle.unet, bundle.text_encoder, bundle.vae):
        module.cpu()
    try:
        yield
    finally:
        for module in (bundle.unet, bundle.text_encoder, bundle.vae):
            module.to(device)


def seed_from_weights(bundle, path: Path, out: Path, log: Log) -> None:
    """Load a weights file and write it as the VAE's finished checkpoint and the joint stage's
    seed (weights only), unless this run already has its own."""
    fresh = load_weights(bundle, path, new_ok=("unet.camera_coords.time.",))
    meta = weights_metadata(path)
    if not (out / "vae.pt").is_file():
        save_checkpoint(out / "vae.pt", model=bundle.vae.state_dict(), opt=None, step=0,
                        scaling=float(meta["scaling_factor"]))
    if not (out / "joint.pt").is_file():
        save_checkpoint(out / "joint.pt", unet=bundle.unet.unet.state_dict(), text_encoder=bundle.text_encoder.state_dict(),
                        opt=None, step=0, done=False, ema=None)
    log(stage="init", weights=str(path), source=meta.get("source", ""), fresh=len(fresh))


def describe(args: argparse.Namespace, bundle, started: float, data: str, stages: str) -> str:
    """The manifest's ``source``: how this package was made."""
    hours = (time.monotonic() - started) / 3600
    return (f"trained by python -m directa_models.train on the procedural previz world (data seed {args.data_seed}, "
            f"{data}): {stages} at batch {args.batch} on {machine(bundle)}, {hours:.2f} h in this run")


def machine(bundle) -> str:
    device = next(bundle.unet.parameters()).device
    if device.type == "cuda":
        return f"{torch.cuda.get_device_name(device)} GPU"
    return f"{platform.processor() or platform.machine()} CPU ({torch.get_num_threads()} threads)"


def joint_flow(args: argparse.Namespace, config, bundle, world: WorldSource, scaling: float, empty: torch.Tensor,
               started: float, log: Log) -> int:
    """Stage 3': everything trained together on moving/zooming crops (window-coords camera path)."""
    cache = build_cache(args.out / "cache_camera.pt", world, bundle, scaling, args.camera_clips, True, log,
                        config.info.max_regions, args.workers)
    cam_off = float(config.info.defaults["camOffT"])
    steps = train_stage(bundle.unet, bundle.text_encoder, cache, empty, config.info.scheduler, config.info.max_regions,
                        StageSettings("joint", args.minutes_joint, args.lr_base, 0, 0.1, camera=False, joint=True,
                                      cam_off=cam_off, batch=args.batch, min_snr=args.min_snr,
                                      attn_loss=args.attn_loss, camera_lr_scale=args.camera_lr_scale), args.out, log)
    del cache
    with on_cpu(bundle):
        generation_sheet(bundle, config.info, "camera", args.out / "samples" / f"joint-{steps}.png")
    source = describe(args, bundle, started, f"{args.camera_clips} clips with the paper's camera augmentation",
                      f"VAE, then text encoder + UNet + its window-coordinate camera path together, {steps} steps")
    return finish(args, config, bundle, world, scaling, source, log)


def finish(args: argparse.Namespace, config, bundle, world: WorldSource, scaling: float, source: str, log: Log) -> int:
    info = dataclasses.replace(config.info, source=source, locator=world.locator())
    for module in (bundle.unet, bundle.text_encoder, bundle.vae):
        module.cpu()
    weights = args.out / "weights.safetensors"
    save_weights(bundle, weights)
    if args.checkpoint_out:
        save_weights(bundle, args.checkpoint_out, half=True, metadata={"source": source})
    manifest = write_package(bundle, info, args.package)
    (args.out / "scaling.json").write_text(json.dumps({"scaling_factor": scaling}))
    log(stage="export", package=str(args.package), unet_bytes=manifest["files"]["unet"]["bytes"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
