"""python -m directa_models.train: train the built-in model and export it as a package.

    python -m directa_models.train --config configs/previz.json --out runs/previz \\
        --package packages/directa-previz [--minutes-vae 5 --minutes-base 35 --minutes-camera 15]

Stages (each resumable from its checkpoint in --out, each time-boxed):
  1. VAE on random crops of world frames; its latent scaling factor is measured
     (a decoder fine-tuned by train.decoder_stage on the same latents replaces its decoder)
  2. latent caches of static clips (base) and of moving/zooming crops (camera)
  3. text encoder + base UNet, camera module bypassed
  4. camera module only, base frozen
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
from pathlib import Path

import torch

from ..default_model import build_bundle, load_config, save_weights
from ..package import write_package
from .common import Log, load_checkpoint, save_checkpoint
from .diffusion_stage import LatentCache, StageSettings, train_stage
from .progress_samples import generation_sheet, vae_sheet
from .vae_stage import encode_clip, train_vae
from .world_source import WorldSource, box_mask


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m directa_models.train", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", type=Path, required=True, help="model config (configs/previz.json)")
    p.add_argument("--out", type=Path, required=True, help="run folder: checkpoints, caches, log")
    p.add_argument("--package", type=Path, required=True, help="where to write the model package")
    p.add_argument("--minutes-vae", type=float, default=5)
    p.add_argument("--minutes-base", type=float, default=35)
    p.add_argument("--minutes-camera", type=float, default=15)
    p.add_argument("--clips", type=int, default=800, help="static clips in the base latent cache")
    p.add_argument("--camera-clips", type=int, default=500, help="moving-camera clips in the camera cache")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores)")
    p.add_argument("--data-seed", type=int, default=0)
    p.add_argument("--lr-base", type=float, default=4e-4, help="base UNet + text encoder learning rate")
    p.add_argument("--lr-camera", type=float, default=5e-4, help="camera module learning rate")
    p.add_argument("--min-snr", type=float, default=0,
                   help="Min-SNR-γ loss weights (0: the plain loss, which keeps the high-noise steps that lay out the clip)")
    return p.parse_args(argv)


def build_cache(path: Path, world: WorldSource, bundle, scaling: float, count: int, camera: bool, log: Log) -> LatentCache:
    state = load_checkpoint(path)
    if state and state["latents"].shape[0] == count and state.get("actors") is not None:
        return LatentCache(state["latents"], state["ids"], state["camera"], state["actors"])
    started = time.monotonic()
    latents, ids, cams, actors = [], [], [], []
    for i in range(count):
        sample = world.camera_sample(i) if camera else world.static_sample(i)
        latents.append(encode_clip(bundle.vae, sample.frames, scaling).half())
        ids.append(torch.tensor(bundle.tokenizer.tokenizer.encode(sample.caption)))
        cams.append(torch.tensor(sample.camera, dtype=torch.float32))
        h, w = latents[-1].shape[-2:]
        actors.append(torch.from_numpy(box_mask(sample.boxes, sample.visible, h, w)))
        if (i + 1) % 100 == 0:
            log(stage="cache", camera=camera, clips=i + 1, seconds=round(time.monotonic() - started, 1))
    cache = LatentCache(torch.stack(latents), torch.stack(ids), torch.stack(cams), torch.stack(actors))
    save_checkpoint(path, latents=cache.latents, ids=cache.ids, camera=cache.camera, actors=cache.actors)
    return cache


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
    vae_sheet(bundle, config.info, samples / "vae.png")

    empty = torch.tensor(bundle.tokenizer.tokenizer.encode(""))
    base_cache = build_cache(args.out / "cache_base.pt", world, bundle, scaling, args.clips, False, log)
    base_steps = train_stage(bundle.unet, bundle.text_encoder, base_cache, empty, config.info.scheduler, config.info.max_regions,
                             StageSettings("base", args.minutes_base, args.lr_base, 0, 0.1, camera=False,
                                           min_snr=args.min_snr), args.out, log)
    del base_cache
    generation_sheet(bundle, config.info, "base", samples / f"base-{base_steps}.png")
    camera_cache = build_cache(args.out / "cache_camera.pt", world, bundle, scaling, args.camera_clips, True, log)
    camera_steps = train_stage(bundle.unet, bundle.text_encoder, camera_cache, empty, config.info.scheduler, config.info.max_regions,
                               StageSettings("camera", args.minutes_camera, args.lr_camera, 400, 0.05, camera=True,
                                             min_snr=args.min_snr, steps_per_second=1.1), args.out, log)
    generation_sheet(bundle, config.info, "camera", samples / f"camera-{camera_steps}.png")

    hours = (time.monotonic() - started) / 3600
    source = (f"trained by python -m directa_models.train on the procedural previz world (data seed {args.data_seed}, "
              f"{args.clips} static + {args.camera_clips} camera clips): VAE, then text encoder + base UNet "
              f"{base_steps} steps, then camera module {camera_steps} steps at batch 4 on {platform.processor() or platform.machine()} "
              f"CPU ({torch.get_num_threads()} threads), {hours:.2f} h in this run")
    info = dataclasses.replace(config.info, source=source, locator=world.locator())
    weights = args.out / "weights.safetensors"
    save_weights(bundle, weights)
    manifest = write_package(bundle, info, args.package)
    (args.out / "scaling.json").write_text(json.dumps({"scaling_factor": scaling}))
    log(stage="export", package=str(args.package), unet_bytes=manifest["files"]["unet"]["bytes"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
