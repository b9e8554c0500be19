"""The built-in model's camera path: each frame's crop window, as a per-pixel map of where
that pixel sits in the world, added to the features entering every temporal transformer.

The official Direct-a-Video module (``camera.py``) turns (cx, cy, cz) into two tokens that
are the same for every frame; a frame learns its own shift only through the base's temporal
layers, which a small model trained here did not learn in thousands of steps. Since the
built-in model is trained here together with its camera path, it may expand the user's
triplet inside its own graph (as CameraCtrl conditions each frame by a per-pixel camera
embedding): frame k of F views the paper's crop window

    start [0, 0, 1, 1] + (end − start) · k / (F − 1),
    end = [cx + (1 − 1/cz)/2, cy + (1 − 1/cz)/2, cx + (1 + 1/cz)/2, cy + (1 + 1/cz)/2]

in units of the first frame, so pixel (i, j) of frame k shows world point
(x1 + (j + ½)/w · (x2 − x1), y1 + (i + ½)/h · (y2 − y1)). Those coordinates, their Fourier
features and the window's log2 scale go through a small shared MLP and a per-level linear
map (zero-initialised, so an untrained path is the identity) and are added, times the
sample's ``camera_gate``, to the input of each temporal transformer (``transformer_in`` and
the ``temp_attentions`` of every cross-attention block). The package contract is unchanged:
the graph still takes ``camera`` [B, 3] and ``camera_gate`` [B]; with the gate at 0 the UNet
is the base model. Parameters live under ``camera_coords.*``.

Mode ``window-coords+time`` adds a second, global route (the one the reference experiment in
shared/MEASUREMENTS.md learnt fastest): the triplet's Fourier features, minus those of the
null camera [0, 0, 1], go through an MLP into the UNet's time embedding, which every
res-block adds to its features (FiLM-style shift). Subtracting the null camera's features
makes the route exactly zero for a still camera, so it needs no zero initialisation (which
slowed learning in that experiment). Its parameters live under ``camera_coords.time.*``.
"""

from __future__ import annotations

import math
import re

import torch
from diffusers import UNet3DConditionModel
from torch import nn

from .controls import ControlState

MODE = "window-coords"
#: window coordinates plus a global camera embedding added to the time embedding
MODE_TIME = "window-coords+time"
MODES = (MODE, MODE_TIME)
#: Fourier frequencies of (cx, cy, log2 cz) for the global route
TIME_FREQS = tuple(2.0**k for k in range(-1, 4))
#: Fourier frequencies (radians per view) of the world coordinates
FREQS = tuple(math.pi * 2.0**k for k in range(-1, 4))
HIDDEN = 64
FEATURES = 2 + 1 + 2 * 2 * len(FREQS)  # x, y, log2 scale, sin/cos of x and y
TEMPORAL = re.compile(r"^(transformer_in|(down_blocks\.\d+|mid_block|up_blocks\.\d+)\.temp_attentions\.\d+)$")


def frame_windows(camera: torch.Tensor, frames: int) -> torch.Tensor:
    """camera [B, 3] (cx, cy, cz) -> each frame's crop window [B, F, 4] in units of frame 1."""
    cx, cy, cz = camera[:, 0:1], camera[:, 1:2], camera[:, 2:3]
    half = 0.5 / cz
    end = torch.stack((cx + 0.5 - half, cy + 0.5 - half, cx + 0.5 + half, cy + 0.5 + half), -1)  # [B, 1, 4]
    start = torch.tensor([0.0, 0.0, 1.0, 1.0], dtype=camera.dtype, device=camera.device)
    steps = torch.arange(frames, dtype=camera.dtype, device=camera.device) / max(frames - 1, 1)
    return start + (end - start) * steps.view(1, -1, 1)


def sub_clip_camera(camera: torch.Tensor, frames: int, first: int, count: int) -> torch.Tensor:
    """The (cx, cy, cz) that describes frames first .. first+count-1 of a clip of ``frames``
    frames on its own: its windows are again linear from its first frame's view, so a
    window of a clip trains the camera path with the camera of what it shows."""
    windows = frame_windows(camera, frames)
    a, b = windows[:, first], windows[:, first + count - 1]
    size = a[:, 2] - a[:, 0]
    end = (b - a[:, [0, 1, 0, 1]]) / size.unsqueeze(1)
    cz = size / (b[:, 2] - b[:, 0])
    half = 0.5 / cz
    return torch.stack((end[:, 0] - 0.5 + half, end[:, 1] - 0.5 + half, cz), 1)


def pixel_features(windows: torch.Tensor, height: int, width: int) -> torch.Tensor:
    """windows [B, F, 4] -> features [B, F, h, w, FEATURES] of every pixel's world position."""
    u = (torch.arange(width, dtype=windows.dtype, device=windows.device) + 0.5) / width
    v = (torch.arange(height, dtype=windows.dtype, device=windows.device) + 0.5) / height
    x1, y1, x2, y2 = windows.unbind(-1)  # [B, F]
    x = x1[..., None, None] + (x2 - x1)[..., None, None] * u.view(1, 1, 1, -1)  # [B, F, 1, w]
    y = y1[..., None, None] + (y2 - y1)[..., None, None] * v.view(1, 1, -1, 1)  # [B, F, h, 1]
    shape = (*windows.shape[:2], height, width)
    x, y = x.expand(shape), y.expand(shape)
    scale = torch.log2(x2 - x1)[..., None, None].expand(shape)
    freqs = torch.tensor(FREQS, dtype=windows.dtype, device=windows.device)
    ax, ay = x.unsqueeze(-1) * freqs, y.unsqueeze(-1) * freqs
    return torch.cat((x.unsqueeze(-1), y.unsqueeze(-1), scale.unsqueeze(-1), ax.sin(), ax.cos(), ay.sin(), ay.cos()), -1)


def camera_fourier(camera: torch.Tensor) -> torch.Tensor:
    """camera [B, 3] -> [B, 3 + 6·len(TIME_FREQS)]: (cx, cy, log2 cz) and their sin/cos."""
    c = torch.stack((camera[:, 0], camera[:, 1], torch.log2(camera[:, 2])), 1)
    a = (c.unsqueeze(-1) * torch.tensor(TIME_FREQS, dtype=c.dtype, device=c.device)).flatten(1)
    return torch.cat((c, a.sin(), a.cos()), 1)


class TimeCamera(nn.Module):
    """camera [B, 3] -> [B, dim] to add to the time embedding; zero for the null camera."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        features = 3 + 6 * len(TIME_FREQS)
        self.mlp = nn.Sequential(nn.Linear(features, HIDDEN), nn.SiLU(), nn.Linear(HIDDEN, dim))

    def forward(self, camera: torch.Tensor) -> torch.Tensor:
        null = torch.tensor([[0.0, 0.0, 1.0]], dtype=camera.dtype, device=camera.device)
        return self.mlp(camera_fourier(camera)) - self.mlp(camera_fourier(null))


class WindowCoordCamera(nn.Module):
    """Shared MLP over pixel features, one zero-initialised projection per temporal transformer;
    with ``time_dim``, also the global route into the time embedding (``TimeCamera``)."""

    def __init__(self, channels: list[int], time_dim: int = 0) -> None:
        super().__init__()
        self.time = TimeCamera(time_dim) if time_dim else None
        self.embed = nn.Sequential(nn.Linear(FEATURES, HIDDEN), nn.SiLU(), nn.Linear(HIDDEN, HIDDEN), nn.SiLU())
        self.proj = nn.ModuleList(nn.Linear(HIDDEN, c) for c in channels)
        for p in self.proj:
            nn.init.zeros_(p.weight)
            nn.init.zeros_(p.bias)

    def features(self, index: int, camera: torch.Tensor, gate: torch.Tensor, frames: int, height: int,
                 width: int) -> torch.Tensor:
        """-> [B*F, C, h, w], batch-major like the UNet's frame-flattened features."""
        windows = frame_windows(camera, frames)
        out = self.proj[index](self.embed(pixel_features(windows, height, width)))  # [B, F, h, w, C]
        out = out * gate.view(-1, 1, 1, 1, 1)
        return out.permute(0, 1, 4, 2, 3).flatten(0, 1)


def install_window_camera(unet: UNet3DConditionModel, state: ControlState, mode: str = MODE) -> WindowCoordCamera:
    """Add ``camera_coords`` and a pre-hook on every temporal transformer that adds its map;
    for ``MODE_TIME`` also a hook on the time embedding that adds the global route."""
    if mode not in MODES:
        raise ValueError(f"unknown window camera mode {mode!r}")
    targets = [(name, m) for name, m in unet.named_modules() if TEMPORAL.match(name)]
    if not targets:
        raise ValueError("the UNet has no temporal transformers")
    time_dim = unet.time_embedding.linear_2.out_features if mode == MODE_TIME else 0
    module = WindowCoordCamera([m.proj_in.in_features for _, m in targets], time_dim)
    unet.camera_coords = module

    def time_hook(_module: nn.Module, _args: tuple, emb: torch.Tensor) -> torch.Tensor | None:
        camera = state.camera
        if camera is None or camera.camera is None:
            return None
        return emb + module.time(camera.camera) * camera.gate.view(-1, 1).to(emb.dtype)

    if module.time is not None:
        unet.time_embedding.register_forward_hook(time_hook)

    def hook_for(index: int):
        def hook(_module: nn.Module, args: tuple, kwargs: dict) -> tuple[tuple, dict] | None:
            camera = state.camera
            if camera is None or camera.camera is None:
                return None
            hidden = args[0] if args else kwargs["hidden_states"]
            batch = camera.camera.shape[0]
            frames = hidden.shape[0] // batch
            added = hidden + module.features(index, camera.camera, camera.gate, frames, hidden.shape[2], hidden.shape[3])
            if args:
                return (added, *args[1:]), kwargs
            return args, {**kwargs, "hidden_states": added}
        return hook

    for index, (_, target) in enumerate(targets):
        target.register_forward_pre_hook(hook_for(index), with_kwargs=True)
    return module
