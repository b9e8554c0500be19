"""Stage 1: the VAE (diffusers AutoencoderKL) learns the world's frames: L1 reconstruction
of the posterior mean plus a small KL term; afterwards the latent scaling factor is
measured (1 / std).

Pixels in an actor colour weigh ``actor_weight`` times more: actors cover a few percent of
a frame, and a plain mean keeps the textured backdrop and lets the actors fade to the
backdrop's tones, which the colour locator (and the director) then cannot find."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from diffusers import AutoencoderKL

from ..world.palette import TOLERANCE, distance_to_actor_colours
from .common import Log, TimedCosine, load_checkpoint, run_for, save_checkpoint

FrameSampler = Callable[[int, int], np.ndarray]  # (step, count) -> uint8 [count, H, W, 3]


def to_tensor(frames: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(frames)).permute(0, 3, 1, 2).float() / 127.5 - 1


def actor_weighted_l1(recon: torch.Tensor, x: torch.Tensor, frames: np.ndarray, actor_weight: float) -> torch.Tensor:
    """Mean absolute error in which pixels of an actor colour (in ``frames``, uint8) weigh ``actor_weight`` times more."""
    weight = 1 + (actor_weight - 1) * torch.from_numpy(distance_to_actor_colours(frames) < TOLERANCE).float().to(x.device)
    return ((recon - x).abs().mean(1) * weight).mean() / weight.mean()


def train_vae(vae: AutoencoderKL, sample_frames: FrameSampler, out: Path, log: Log, minutes: float,
              batch: int = 8, lr: float = 3e-4, kl_weight: float = 1e-6, actor_weight: float = 10.0) -> float:
    """Trains in place (resuming from out/vae.pt); returns the latent scaling factor."""
    path = out / "vae.pt"
    state = load_checkpoint(path)
    if state:
        vae.load_state_dict(state["model"])
        if state.get("scaling") is not None:
            return float(state["scaling"])
    start = state["step"] if state else 0
    opt = torch.optim.AdamW(vae.parameters(), lr=lr)
    if state and state.get("opt"):  # a seed checkpoint (weights only) starts a fresh schedule
        opt.load_state_dict(state["opt"])
    vae.train()
    schedule = TimedCosine(lr, minutes, warmup=50)
    device = next(vae.parameters()).device

    def step(n: int) -> dict[str, float]:
        for g in opt.param_groups:
            g["lr"] = schedule(n, start)
        frames = sample_frames(n, batch)
        x = to_tensor(frames).to(device)
        posterior = vae.encode(x).latent_dist
        # decode the mean: the diffusion model works on posterior means, and sampling with an
        # untrained (large) variance drowns the signal this small a budget has to learn from
        recon = vae.decode(posterior.mean).sample
        l1 = actor_weighted_l1(recon, x, frames, actor_weight)
        kl = posterior.kl().mean()
        loss = l1 + kl_weight * kl
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return {"l1": float(l1.detach()), "kl": float(kl.detach())}

    def checkpoint(n: int) -> None:
        save_checkpoint(path, model=vae.state_dict(), opt=opt.state_dict(), step=n, scaling=None)

    n = run_for(minutes, start, step, log, "vae", checkpoint, every=25)
    vae.eval()
    with torch.no_grad():
        means = torch.cat([vae.encode(to_tensor(sample_frames(10_000 + i, batch)).to(device)).latent_dist.mean for i in range(6)])
    scaling = float(1.0 / means.std())
    save_checkpoint(path, model=vae.state_dict(), opt=opt.state_dict(), step=n, scaling=scaling)
    log(stage="vae", done=n, scaling=scaling)
    return scaling


@torch.no_grad()
def encode_clip(vae: AutoencoderKL, frames: np.ndarray, scaling: float, device: torch.device | str = "cpu") -> torch.Tensor:
    """uint8 [F, H, W, 3] -> scaled latents [C, F, h, w] (posterior means)."""
    latents = vae.encode(to_tensor(frames).to(device)).latent_dist.mean * scaling  # [F, C, h, w]
    return latents.permute(1, 0, 2, 3).contiguous()
