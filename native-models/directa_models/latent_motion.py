"""Does the latent space the UNet learns in show the camera move? For panning clips of a
latent cache (still zoom, |cx| or |cy| >= 0.3), compares each latent channel of frame 0
with frame ``gap``: where the two match best (the integer shift with the highest
correlation), against where the world's camera moved the picture. A channel "follows"
a clip when its best shift lies within one latent cell of the camera's. The pictures do
follow (the world renders the paper's crop window; tests/test_world_camera.py): a channel
that does not, holds something fixed to the frame that a camera module cannot explain.

    python -m directa_models.latent_motion RUN/cache_camera.pt [--clips 80] [--gap 3]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import torch


def similarity(a: torch.Tensor, b: torch.Tensor, dy: int, dx: int) -> float:
    """Correlation of a [..., h, w] with b where b[y, x] is compared with a[y + dy, x + dx]
    (each channel's mean over the overlap removed)."""
    H, W = a.shape[-2:]
    ya, yb, xa, xb = max(0, dy), max(0, -dy), max(0, dx), max(0, -dx)
    h, w = H - abs(dy), W - abs(dx)
    A = a[..., ya:ya + h, xa:xa + w]
    B = b[..., yb:yb + h, xb:xb + w]
    A = A - A.mean((-1, -2), keepdim=True)
    B = B - B.mean((-1, -2), keepdim=True)
    return float((A * B).sum() / (A.norm() * B.norm() + 1e-8))


def best_shift(a: torch.Tensor, b: torch.Tensor, reach_y: int, reach_x: int) -> tuple[int, int]:
    """The (dy, dx) with the highest ``similarity``, keeping at least half of each side."""
    H, W = a.shape[-2:]
    shifts = [(dy, dx) for dy in range(-min(reach_y, H // 2), min(reach_y, H // 2) + 1)
              for dx in range(-min(reach_x, W // 2), min(reach_x, W // 2) + 1)]
    return max(shifts, key=lambda s: similarity(a, b, *s))


def camera_shift(camera: torch.Tensor, frames: int, gap: int, h: int, w: int) -> tuple[float, float]:
    """How far (rows, columns of latent cells) a pan (cx, cy, cz = 1) moves the picture in
    ``gap`` frames: content moves left by cx frame widths over the clip, so a cell of frame
    ``gap`` shows what frame 0 had at +cx·w·gap/(F−1) columns."""
    cx, cy = float(camera[0]), float(camera[1])
    return cy * h * gap / (frames - 1), cx * w * gap / (frames - 1)


@dataclass
class ChannelMotion:
    channel: int | None  # None: all channels together
    follows: float  # share of clips whose best shift is within one cell of the camera's
    still: float  # share of clips whose best shift is (0, 0): locked to the frame
    prefers_move: float  # share of clips that match better at the camera's shift than at none


def without_actors(frame: torch.Tensor, actors: torch.Tensor | None) -> torch.Tensor:
    """[C, h, w] with the cells of the actors (bool [h, w]) set to each channel's mean
    elsewhere: the actors move on their own, and their saturated colours would outweigh
    the backdrop the camera moves."""
    if actors is None or not bool(actors.any()) or bool(actors.all()):
        return frame
    keep = ~actors
    mean = (frame * keep).sum((-1, -2), keepdim=True) / keep.sum()
    return torch.where(actors, mean, frame)


def measure(latents: torch.Tensor, cameras: torch.Tensor, clips: int = 80, gap: int = 3,
            actors: torch.Tensor | None = None) -> list[ChannelMotion]:
    """latents [N, C, F, h, w], cameras [N, 3], optionally the actors' cells [N, F, h, w]
    (left out of the comparison) -> one ChannelMotion per channel, then all together."""
    N, C, F, h, w = latents.shape
    pans = [i for i in range(N) if abs(float(cameras[i, 2]) - 1) < 1e-6
            and max(abs(float(cameras[i, 0])), abs(float(cameras[i, 1]))) >= 0.3][:clips]
    if not pans:
        raise ValueError("the cache holds no panning clip (still zoom, |cx| or |cy| >= 0.3)")
    groups: list[tuple[int | None, slice]] = [(c, slice(c, c + 1)) for c in range(C)] + [(None, slice(0, C))]
    out = []
    for channel, part in groups:
        follows = still = prefers = 0
        for i in pans:
            a = without_actors(latents[i, part, 0].float(), None if actors is None else actors[i, 0])
            b = without_actors(latents[i, part, gap].float(), None if actors is None else actors[i, gap])
            want = camera_shift(cameras[i], F, gap, h, w)
            got = best_shift(a, b, reach_y=int(abs(want[0])) + 3, reach_x=int(abs(want[1])) + 3)
            follows += abs(got[0] - want[0]) <= 1 and abs(got[1] - want[1]) <= 1
            still += got == (0, 0)
            prefers += similarity(a, b, round(want[0]), round(want[1])) > similarity(a, b, 0, 0)
        out.append(ChannelMotion(channel, follows / len(pans), still / len(pans), prefers / len(pans)))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("cache", type=Path, help="a latent cache written by training (RUN/cache_camera.pt)")
    p.add_argument("--clips", type=int, default=80)
    p.add_argument("--gap", type=int, default=3, help="frames between the two compared")
    args = p.parse_args(argv)
    state = torch.load(args.cache, map_location="cpu", weights_only=False)
    actors = state.get("actors")
    rows = measure(state["latents"], state["camera"], args.clips, args.gap, actors)
    left_out = "the actors' cells left out" if actors is not None else "actors included (the cache has no masks)"
    print(f"{args.cache}: latent channels against the camera's pan, frame 0 against frame {args.gap}, {left_out}")
    for row in rows:
        name = "all channels" if row.channel is None else f"channel {row.channel}"
        print(f"  {name:13} follows the pan in {100 * row.follows:3.0f}% of clips, stays with the frame in "
              f"{100 * row.still:3.0f}%, matches better moved than not in {100 * row.prefers_move:3.0f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
