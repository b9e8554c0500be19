"""Stages 2 and 3: epsilon-prediction training of the UNet over cached clip latents.

* base:   text encoder + UNet, camera module bypassed (gate 0), t ~ U[0, T), some empty
          captions so classifier-free guidance works;
* camera: only the camera module (``position_net``, fusers) with the base frozen, on
          moving/zooming crops with their (cx, cy, cz), gate 1, t ~ U[400, T), 5% empty
          captions (the paper's recipe).
Object control needs no training."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from ..camera import is_camera_key
from ..unet import DirectAVideoUNet
from .common import Log, add_noise, alphas_cumprod, cosine_lr, load_checkpoint, run_for, save_checkpoint


@dataclass
class LatentCache:
    latents: torch.Tensor  # [N, C, F, h, w] float16
    ids: torch.Tensor  # [N, T] int64
    camera: torch.Tensor  # [N, 3] (0, 0, 1 for static clips)


@dataclass
class StageSettings:
    name: str
    minutes: float
    lr: float
    t_min: int
    empty_prompt: float
    camera: bool
    batch: int = 4
    window: int = 8


def trainable(unet: DirectAVideoUNet, text_encoder: nn.Module, camera: bool) -> list[nn.Parameter]:
    params = []
    for name, p in unet.unet.named_parameters():
        p.requires_grad_(is_camera_key(name) == camera)
        if p.requires_grad:
            params.append(p)
    for p in text_encoder.parameters():
        p.requires_grad_(not camera)
        if p.requires_grad:
            params.append(p)
    return params


def train_stage(unet: DirectAVideoUNet, text_encoder: nn.Module, cache: LatentCache, empty_ids: torch.Tensor,
                scheduler: dict, max_regions: int, settings: StageSettings, out: Path, log: Log) -> int:
    path = out / f"{settings.name}.pt"
    params = trainable(unet, text_encoder, settings.camera)
    opt = torch.optim.AdamW(params, lr=settings.lr, weight_decay=0.0)
    state = load_checkpoint(path)
    start = 0
    if state:
        unet.unet.load_state_dict(state["unet"])
        text_encoder.load_state_dict(state["text_encoder"])
        opt.load_state_dict(state["opt"])
        start = state["step"]
        if state.get("done"):
            return start
    ac = alphas_cumprod(scheduler)
    T = scheduler["numTrainTimesteps"]
    gen = torch.Generator().manual_seed(1234 + start)
    unet.train()
    text_encoder.train(not settings.camera)
    n_clips, _, frames, h, w = cache.latents.shape
    planned = max(start + 1, int(settings.minutes * 60 / 1.6))

    def step(n: int) -> dict[str, float]:
        for g in opt.param_groups:
            g["lr"] = cosine_lr(n, planned, settings.lr)
        idx = torch.randint(0, n_clips, (settings.batch,), generator=gen)
        offset = int(torch.randint(0, frames - settings.window + 1, (1,), generator=gen))
        x0 = cache.latents[idx, :, offset:offset + settings.window].float()
        ids = cache.ids[idx].clone()
        empty = torch.rand(settings.batch, generator=gen) < settings.empty_prompt
        ids[empty] = empty_ids
        t = torch.randint(settings.t_min, T, (settings.batch,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        noisy = add_noise(x0, noise, t, ac)
        hidden = text_encoder(ids)
        B, F = settings.batch, settings.window
        camera = cache.camera[idx] if settings.camera else torch.tensor([[0.0, 0.0, 1.0]]).repeat(B, 1)
        gate = torch.full((B,), 1.0 if settings.camera else 0.0)
        pred = unet(noisy, t.float(), hidden, camera, gate,
                    torch.zeros(B, max_regions, F, h, w), torch.zeros(B, max_regions, ids.shape[1]),
                    torch.zeros(B, max_regions, F), torch.zeros(B, ids.shape[1]))
        loss = (pred - noise).square().mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return {"loss": float(loss.detach())}

    def checkpoint(n: int, done: bool = False) -> None:
        save_checkpoint(path, unet=unet.unet.state_dict(), text_encoder=text_encoder.state_dict(),
                        opt=opt.state_dict(), step=n, done=done)

    n = run_for(settings.minutes, start, step, log, settings.name, checkpoint, every=25)
    checkpoint(n, done=True)
    unet.eval()
    text_encoder.eval()
    return n
