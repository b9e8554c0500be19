"""Pieces every training stage shares: the noise schedule, checkpoints and a time-boxed loop."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch


def alphas_cumprod(scheduler: dict[str, Any]) -> torch.Tensor:
    """ᾱ_t of the package's scheduler config (scaled-linear or linear betas)."""
    n, start, end = scheduler["numTrainTimesteps"], scheduler["betaStart"], scheduler["betaEnd"]
    if scheduler["betaSchedule"] == "scaled_linear":
        betas = torch.linspace(start**0.5, end**0.5, n, dtype=torch.float64) ** 2
    else:
        betas = torch.linspace(start, end, n, dtype=torch.float64)
    return torch.cumprod(1 - betas, 0).float()


def add_noise(latents: torch.Tensor, noise: torch.Tensor, t: torch.Tensor, ac: torch.Tensor) -> torch.Tensor:
    a = ac[t].view(-1, *([1] * (latents.ndim - 1)))
    return a.sqrt() * latents + (1 - a).sqrt() * noise


class Log:
    """Appends JSON lines to a log file and echoes a short line to stdout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, **record: Any) -> None:
        record["time"] = round(time.time(), 1)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        print(" ".join(f"{k}={v:.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in record.items()), flush=True)


def save_checkpoint(path: Path, **state: Any) -> None:
    """Atomic: a kill during the write leaves the previous checkpoint."""
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    tmp.replace(path)


def load_checkpoint(path: Path) -> dict[str, Any] | None:
    return torch.load(path, map_location="cpu", weights_only=False) if path.is_file() else None


def run_for(minutes: float, start_step: int, step: Callable[[int], dict[str, float]], log: Log, stage: str,
            checkpoint: Callable[[int], None], every: int = 50, max_steps: int | None = None) -> int:
    """Runs `step` until the time box or max_steps is used up; logs and checkpoints every `every` steps."""
    deadline = time.monotonic() + minutes * 60
    n, window, started = start_step, [], time.monotonic()
    while time.monotonic() < deadline and (max_steps is None or n < max_steps):
        metrics = step(n)
        n += 1
        window.append(metrics)
        if n % every == 0:
            _log_window(log, stage, n, window, started)
            window, started = [], time.monotonic()
            checkpoint(n)
    if window:  # the steps since the last record (a short time box may never reach `every`)
        _log_window(log, stage, n, window, started)
    checkpoint(n)
    return n


def _log_window(log: Log, stage: str, n: int, window: list[dict[str, float]], started: float) -> None:
    keys = dict.fromkeys(k for m in window for k in m)  # some metrics come only every few steps
    mean = {k: sum(m[k] for m in window if k in m) / sum(k in m for m in window) for k in keys}
    log(stage=stage, step=n, **mean, sps=round(len(window) / max(time.monotonic() - started, 1e-6), 3))


class TimedCosine:
    """A cosine learning-rate schedule over a stage's time box rather than a step count, so
    that it fits any machine (a 2-core CPU or a GPU) without knowing its speed: linear
    warm-up over ``warmup`` steps, then base · (0.1 + 0.9 · ½(1 + cos(π · elapsed/box)))."""

    def __init__(self, base: float, minutes: float, warmup: int = 100) -> None:
        self.base, self.seconds, self.warmup = base, max(minutes * 60, 1e-6), warmup
        self.started = time.monotonic()

    def __call__(self, step: int, first_step: int = 0) -> float:
        if step - first_step < self.warmup:
            return self.base * (step - first_step + 1) / self.warmup
        progress = min(1.0, (time.monotonic() - self.started) / self.seconds)
        return self.base * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))
