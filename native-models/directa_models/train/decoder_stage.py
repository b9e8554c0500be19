"""Fine-tuning the VAE decoder on the latents the diffusion model was trained on.

The encoder is frozen (its latents are what the UNet learned to make); only the decoder
learns, and it may use another GroupNorm grouping than the encoder was trained with: with
one or two channels per group, GroupNorm normalises away each channel's absolute level,
which is the colour the locator needs, so the shipped decoder uses 4 groups. Only the
decoder ships in a package (vae_decoder.onnx).

    python -m directa_models.train.decoder_stage --config configs/previz.json --run runs/previz \\
        --encoder-groups 16 --minutes 30
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import torch
from diffusers import AutoencoderKL

from ..default_model import load_config
from .common import Log, TimedCosine, load_checkpoint, run_for, save_checkpoint
from .vae_stage import actor_weighted_l1, to_tensor
from .world_source import WorldSource


def train_decoder(encoder_vae: AutoencoderKL, decoder_vae: AutoencoderKL, world: WorldSource, out: Path, log: Log,
                  minutes: float, batch: int = 8, lr: float = 3e-4, actor_weight: float = 10.0) -> int:
    """Trains decoder_vae's decoder (in place, resuming from out/decoder.pt) to decode encoder_vae's latent means."""
    path = out / "decoder.pt"
    params = [*decoder_vae.post_quant_conv.parameters(), *decoder_vae.decoder.parameters()]
    opt = torch.optim.AdamW(params, lr=lr)
    state = load_checkpoint(path)
    start = 0
    if state:
        decoder_vae.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        start = state["step"]
    encoder_vae.eval().requires_grad_(False)
    decoder_vae.train()
    schedule = TimedCosine(lr, minutes, warmup=20)

    def step(n: int) -> dict[str, float]:
        for g in opt.param_groups:
            g["lr"] = schedule(n, start)
        frames = world.frame_crops(500_000 + n, batch)
        x = to_tensor(frames)
        with torch.no_grad():
            latents = encoder_vae.encode(x).latent_dist.mean
        recon = decoder_vae.decode(latents).sample
        l1 = actor_weighted_l1(recon, x, frames, actor_weight)
        opt.zero_grad(set_to_none=True)
        l1.backward()
        opt.step()
        return {"l1": float(l1.detach())}

    def checkpoint(n: int) -> None:
        save_checkpoint(path, model=decoder_vae.state_dict(), opt=opt.state_dict(), step=n, norm_num_groups=decoder_vae.config.norm_num_groups)

    return run_for(minutes, start, step, log, "decoder", checkpoint, every=25)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m directa_models.train.decoder_stage", description=__doc__.split("\n\n")[0])
    p.add_argument("--config", type=Path, required=True, help="model config; its vae.norm_num_groups is the decoder's")
    p.add_argument("--run", type=Path, required=True, help="run folder holding vae.pt")
    p.add_argument("--encoder-groups", type=int, required=True, help="GroupNorm groups the encoder in vae.pt was trained with")
    p.add_argument("--minutes", type=float, default=30)
    p.add_argument("--threads", type=int, default=0)
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    config = load_config(args.config)
    vae_state = load_checkpoint(args.run / "vae.pt")
    if not vae_state or vae_state.get("scaling") is None:
        raise SystemExit(f"{args.run / 'vae.pt'}: no finished VAE stage to fine-tune")
    encoder = AutoencoderKL.from_config({**config.vae, "norm_num_groups": args.encoder_groups})
    encoder.load_state_dict(vae_state["model"])
    decoder = AutoencoderKL.from_config(config.vae)
    decoder.load_state_dict(copy.deepcopy(vae_state["model"]))  # warm start: the shapes do not depend on the grouping
    world = WorldSource(config.info.width, config.info.height, config.info.frames)
    train_decoder(encoder, decoder, world, args.run, Log(args.run / "decoder-log.jsonl"), args.minutes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
