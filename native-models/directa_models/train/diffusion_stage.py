"""Stages 2 and 3: training of the UNet over cached clip latents, for the package's
``predictionType``: epsilon (the noise) or v_prediction (v = √ᾱ·ε − √(1−ᾱ)·x0; with betas
that end near zero SNR, an ε-model's x0 estimate at high t is its ε error times 1/√ᾱ_T,
over 100x: samples come out as blotches. v stays well-posed there).

* base:   text encoder + UNet, camera module bypassed (gate 0), t ~ U[0, T), some empty
          captions so classifier-free guidance works;
* camera: only the camera module (``position_net``, fusers) with the base frozen, on
          moving/zooming crops with their (cx, cy, cz), gate 1, t ~ U[400, T), 5% empty
          captions (the paper's recipe);
* joint:  text encoder, UNet and its camera path together from the start (the built-in
          model's window-coordinate path, camera_coords.py), on moving/zooming crops, with
          the gate on exactly where inference turns it on (t ≥ camOffT·T).
A clip's 8-frame window is trained with the camera of what it shows (``sub_clip_camera``),
not the whole clip's.
Object control needs no training.

Aids for a small compute budget, none of which changes the method:

* the loss can be weighted by min(SNR, γ) / SNR for ε, min(SNR, γ) / (SNR + 1) for v
  (Min-SNR-γ, Hang et al. 2023). Measured here, it is the wrong trade for this model: for v
  its weights fall to ~SNR at high noise (below 0.09 for every t > 500), the very steps where
  sampling lays out the clip and where the camera module acts (t ≥ camOffT·T). A camera
  module trained that way learned nothing (``CameraProbe`` gain 7e-5). The default is
  the plain v loss (γ = 0);
* the error inside the actors' true boxes counts ``actor_weight`` times (the actors are
  small; a plain mean lets the backdrop drown them);
* the weights exported are an exponential moving average (EMA) of the trained ones;
* for the camera stage, ``CameraProbe`` logs how much the true camera lowers the loss
  against the null camera on a fixed batch of moving clips (``camera_gain``)."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import torch
from torch import nn

from ..unet import is_camera_key
from ..camera_coords import sub_clip_camera
from ..unet import DirectAVideoUNet
from .attention_loss import token_attention_loss
from .common import Log, TimedCosine, add_noise, alphas_cumprod, load_checkpoint, run_for, save_checkpoint


@dataclass
class LatentCache:
    latents: torch.Tensor  # [N, C, F, h, w] float16
    ids: torch.Tensor  # [N, T] int64
    camera: torch.Tensor  # [N, 3] (0, 0, 1 for static clips)
    actors: torch.Tensor | None = None  # [N, F, h, w] bool: inside an actor's true box
    region_masks: torch.Tensor | None = None  # [N, R, F, h, w] bool: each actor's true box
    region_tokens: torch.Tensor | None = None  # [N, R, T] uint8: each actor's phrase tokens


@dataclass
class StageSettings:
    name: str
    minutes: float
    lr: float
    t_min: int
    empty_prompt: float
    camera: bool
    joint: bool = False  # everything trained together; the gate on while t >= cam_off * T
    cam_off: float = 0.0
    batch: int = 4
    window: int = 8
    min_snr: float = 0.0  # Min-SNR-γ; 0: the plain loss
    actor_weight: float = 3.0
    attn_loss: float = 0.0  # weight of the token attention loss (attention_loss.py); 0: off
    ema: float = 0.998
    camera_lr_scale: float = 1.0  # joint: the camera path's learning rate as a multiple of ``lr``


class Ema:
    """Exponential moving average of some parameters (warmed up: decay min(ema, (1+n)/(10+n)))."""

    def __init__(self, params: list[nn.Parameter], decay: float, state: list[torch.Tensor] | None = None) -> None:
        self.params, self.decay = params, decay
        self.shadow = [s.clone() for s in state] if state else [p.detach().clone() for p in params]

    @torch.no_grad()
    def update(self, n: int) -> None:
        d = min(self.decay, (1 + n) / (10 + n))
        for s, p in zip(self.shadow, self.params):
            s.lerp_(p.detach(), 1 - d)

    @torch.no_grad()
    def copy_to_params(self) -> None:
        for s, p in zip(self.shadow, self.params):
            p.copy_(s)


def loss_weights(t: torch.Tensor, ac: torch.Tensor, min_snr: float, prediction: str = "epsilon") -> torch.Tensor:
    """Min-SNR-γ weights: min(SNR_t, γ) / SNR_t for epsilon, min(SNR_t, γ) / (SNR_t + 1) for v;
    γ <= 0: the plain loss (all weights 1)."""
    if min_snr <= 0:
        return torch.ones(t.shape, device=t.device)
    snr = ac[t] / (1 - ac[t])
    return snr.clamp(max=min_snr) / (snr + 1 if prediction == "v_prediction" else snr)


def target(prediction: str, x0: torch.Tensor, noise: torch.Tensor, t: torch.Tensor, ac: torch.Tensor) -> torch.Tensor:
    """What the UNet learns to output: the noise, or v = √ᾱ·ε − √(1−ᾱ)·x0."""
    if prediction == "epsilon":
        return noise
    if prediction == "v_prediction":
        a = ac[t].view(-1, *([1] * (x0.ndim - 1)))
        return a.sqrt() * noise - (1 - a).sqrt() * x0
    raise ValueError(f"unknown predictionType {prediction!r}")


def predict(unet: DirectAVideoUNet, noisy: torch.Tensor, t: torch.Tensor, hidden: torch.Tensor, camera: torch.Tensor,
            gate: torch.Tensor, max_regions: int) -> torch.Tensor:
    """The UNet's output with no object control."""
    B, _, F, h, w = noisy.shape
    T = hidden.shape[1]
    zeros = lambda *shape: torch.zeros(shape, device=noisy.device)  # noqa: E731
    return unet(noisy, t.float(), hidden, camera, gate, zeros(B, max_regions, F, h, w), zeros(B, max_regions, T),
                zeros(B, max_regions, F), zeros(B, T))


class CameraProbe:
    """How much the camera module already helps, on a fixed batch of moving clips at high noise
    (where sampling lays out the motion): 1 − loss(true camera) / loss(null camera [0, 0, 1]).
    0 means the module ignores the camera; it grows as the module learns the move."""

    def __init__(self, cache: LatentCache, scheduler: dict, window: int, count: int = 8, t_min: int = 600,
                 t_max: int | None = None) -> None:
        gen = torch.Generator().manual_seed(99)
        moving = torch.nonzero((cache.camera[:, :2].abs().amax(1) >= 0.3) | ((cache.camera[:, 2] - 1).abs() >= 0.2))
        if not len(moving):  # a tiny cache of static crops: the gain is then honestly about 0
            moving = torch.arange(len(cache.camera)).unsqueeze(1)
        self.idx = moving[torch.randperm(len(moving), generator=gen)[:count], 0]
        x0 = cache.latents[self.idx, :, :window].float()
        frames = cache.latents.shape[2]
        self.t = torch.randint(t_min, t_max or scheduler["numTrainTimesteps"], (len(self.idx),), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        ac = alphas_cumprod(scheduler)
        self.noisy = add_noise(x0, noise, self.t, ac)
        self.target = target(scheduler["predictionType"], x0, noise, self.t, ac)
        self.ids, self.camera = cache.ids[self.idx], sub_clip_camera(cache.camera[self.idx], frames, 0, window)

    @torch.no_grad()
    def gain(self, unet: DirectAVideoUNet, text_encoder: nn.Module, max_regions: int) -> float:
        device = next(unet.parameters()).device
        hidden = text_encoder(self.ids.to(device))
        gate = torch.ones(len(self.idx), device=device)
        null = torch.tensor([[0.0, 0.0, 1.0]], device=device).repeat(len(self.idx), 1)
        noisy, t, goal = self.noisy.to(device), self.t.to(device), self.target.to(device)
        losses = [float((predict(unet, noisy, t, hidden, cam, gate, max_regions) - goal).square().mean())
                  for cam in (self.camera.to(device), null)]
        return 1 - losses[0] / losses[1]


def trainable(unet: DirectAVideoUNet, text_encoder: nn.Module, camera: bool, joint: bool = False) -> list[nn.Parameter]:
    """camera: only the camera path; joint: everything; else everything but the camera path."""
    params = []
    for name, p in unet.unet.named_parameters():
        p.requires_grad_(joint or is_camera_key(name) == camera)
        if p.requires_grad:
            params.append(p)
    for p in text_encoder.parameters():
        p.requires_grad_(joint or not camera)
        if p.requires_grad:
            params.append(p)
    return params


def param_groups(unet: DirectAVideoUNet, params: list[nn.Parameter], camera_scale: float) -> list[dict]:
    """The optimiser's groups: the camera path's parameters apart when they learn at
    ``camera_scale`` times the stage's rate (each group's ``scale`` multiplies the schedule)."""
    if camera_scale == 1.0:
        return [{"params": params, "scale": 1.0}]
    camera = {id(p) for name, p in unet.unet.named_parameters() if is_camera_key(name)}
    groups = [{"params": [p for p in params if id(p) not in camera], "scale": 1.0},
              {"params": [p for p in params if id(p) in camera], "scale": camera_scale}]
    return [g for g in groups if g["params"]]


def train_stage(unet: DirectAVideoUNet, text_encoder: nn.Module, cache: LatentCache, empty_ids: torch.Tensor,
                scheduler: dict, max_regions: int, settings: StageSettings, out: Path, log: Log) -> int:
    path = out / f"{settings.name}.pt"
    params = trainable(unet, text_encoder, settings.camera, settings.joint)
    opt = torch.optim.AdamW(param_groups(unet, params, settings.camera_lr_scale), lr=settings.lr, weight_decay=0.0)
    state = load_checkpoint(path)
    start = 0
    if state:
        unet.unet.load_state_dict(state["unet"])
        text_encoder.load_state_dict(state["text_encoder"])
        if state.get("opt"):  # a seed checkpoint (weights only) starts a fresh schedule
            opt.load_state_dict(state["opt"])
        start = state["step"]
        if state.get("done"):
            return start
    ema = Ema(params, settings.ema, state.get("ema") if state else None)
    ac = alphas_cumprod(scheduler)
    T = scheduler["numTrainTimesteps"]
    prediction = scheduler["predictionType"]
    gen = torch.Generator().manual_seed(1234 + start)
    unet.train()
    text_encoder.train(settings.joint or not settings.camera)
    n_clips, _, frames = cache.latents.shape[:3]
    schedule = TimedCosine(settings.lr, settings.minutes)
    probe = CameraProbe(cache, scheduler, settings.window) if settings.camera or settings.joint else None
    # where a linear schedule lays the clip out (SNR about 0.03 to 1): the gain that shows in samples
    probe_mid = CameraProbe(cache, scheduler, settings.window, t_min=200, t_max=600) if settings.joint else None

    device = next(unet.parameters()).device
    ac_dev = ac.to(device)
    attend = settings.attn_loss > 0 and cache.region_masks is not None

    def step(n: int) -> dict[str, float]:
        for g in opt.param_groups:
            g["lr"] = schedule(n, start) * g.get("scale", 1.0)  # an optimiser state saved before groups had scales
        B, window = settings.batch, settings.window
        idx = torch.randint(0, n_clips, (B,), generator=gen)
        offset = int(torch.randint(0, frames - window + 1, (1,), generator=gen))
        x0 = cache.latents[idx, :, offset:offset + window].float()
        ids = cache.ids[idx].clone()
        empty = torch.rand(B, generator=gen) < settings.empty_prompt
        ids[empty] = empty_ids
        t = torch.randint(settings.t_min, T, (B,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        if settings.joint:
            camera = sub_clip_camera(cache.camera[idx], frames, offset, window)
            gate = (t >= settings.cam_off * T).float()
        elif settings.camera:
            camera, gate = sub_clip_camera(cache.camera[idx], frames, offset, window), torch.ones(B)
        else:
            camera, gate = torch.tensor([[0.0, 0.0, 1.0]]).repeat(B, 1), torch.zeros(B)
        x0, noise, t, ids, camera, gate = (v.to(device) for v in (x0, noise, t, ids, camera, gate))
        noisy = add_noise(x0, noise, t, ac_dev)
        hidden = text_encoder(ids)
        with unet.state.recording_attention() if attend else nullcontext() as maps:
            pred = predict(unet, noisy, t, hidden, camera, gate, max_regions)
        error = (pred - target(prediction, x0, noise, t, ac_dev)).square().mean(1)  # [B, F, h, w]
        plain = error.mean()
        if cache.actors is not None and settings.actor_weight != 1:
            inside = cache.actors[idx, offset:offset + window].float().to(device)
            error = error * (1 + (settings.actor_weight - 1) * inside)
        loss = (error.mean((1, 2, 3)) * loss_weights(t, ac_dev, settings.min_snr, prediction)).mean()
        metrics = {"loss": float(plain.detach())}
        if attend:
            masks = cache.region_masks[idx, :, offset:offset + window].to(device)
            tokens = cache.region_tokens[idx].to(device) * (~empty).to(device).view(-1, 1, 1)
            attn = token_attention_loss(maps, masks, tokens)
            loss = loss + settings.attn_loss * attn
            metrics["attn"] = float(attn.detach())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        ema.update(n)
        metrics["weighted"] = float(loss.detach())
        if probe is not None and n % 100 == 0:
            metrics["camera_gain"] = probe.gain(unet, text_encoder, max_regions)
            if probe_mid is not None:
                metrics["camera_gain_mid"] = probe_mid.gain(unet, text_encoder, max_regions)
        return metrics

    def checkpoint(n: int, done: bool = False) -> None:
        if done:  # the stage ends with the averaged weights in the model
            ema.copy_to_params()
        save_checkpoint(path, unet=unet.unet.state_dict(), text_encoder=text_encoder.state_dict(),
                        opt=opt.state_dict(), step=n, done=done, ema=ema.shadow)

    n = run_for(settings.minutes, start, step, log, settings.name, checkpoint, every=25)
    checkpoint(n, done=True)
    unet.eval()
    text_encoder.eval()
    return n
