"""The painters' canvas and the pieces every backdrop shares (sky, wavy profiles, spread
positions).

Painters work in isotropic world units (xs = x * aspect, y), where the first (static) view
is x, y in [0, 1], and fill ``X_RANGE`` so that a wider canvas for the camera augmentation
shows more of the same world."""

from __future__ import annotations

import numpy as np

from .palette import CLOUD, MOON, SKY, STAR, SUN
from .shapes import Placement, Prim, paint

#: world x range (in view widths) that painters fill; covers every camera canvas
X_RANGE = (-1.6, 2.6)


class Canvas:
    """The image being painted and its mapping from isotropic world units to pixels."""

    def __init__(self, width: int, height: int, view: tuple[float, float, float, float], aspect: float) -> None:
        self.width, self.height, self.aspect = width, height, aspect
        vx1, vy1, vx2, vy2 = view
        self.xs = ((vx1 + (np.arange(width, dtype=np.float32) + 0.5) / width * (vx2 - vx1)) * aspect)  # [W]
        self.y = (vy1 + (np.arange(height, dtype=np.float32) + 0.5) / height * (vy2 - vy1))  # [H]
        self.place = Placement(-vx1 * width / (vx2 - vx1), -vy1 * height / (vy2 - vy1),
                               width / ((vx2 - vx1) * aspect), height / (vy2 - vy1))
        self.image = np.zeros((height, width, 3), np.float32)
        self.unit = height / (vy2 - vy1)  # pixels per world unit of y

    def fill_rows(self, colours: np.ndarray) -> None:
        """colours [H, 3] -> every row."""
        self.image[:] = colours[:, None, :]

    def below(self, profile: np.ndarray, colour, above: np.ndarray | float | None = None) -> None:
        """Fill where profile(x) <= y (< above(x) when given)."""
        mask = self.y[:, None] >= profile[None, :]
        if above is not None:
            mask &= self.y[:, None] < np.broadcast_to(np.asarray(above, np.float32), profile.shape)[None, :]
        self.image[mask] = np.asarray(colour, np.float32)

    def where(self, mask: np.ndarray, colour) -> None:
        self.image[mask] = np.asarray(colour, np.float32)

    def prims(self, prims: list[Prim], colour) -> None:
        paint(self.image, prims, np.asarray(colour, np.float32), self.place)

    def dots(self, xs: np.ndarray, ys: np.ndarray, colour) -> None:
        """One pixel at each point (stars)."""
        j = np.floor((xs / self.aspect - (self.xs[0] / self.aspect - 0.5 * self._dx())) / self._dx()).astype(int)
        i = np.floor((ys - (self.y[0] - 0.5 * self._dy())) / self._dy()).astype(int)
        ok = (i >= 0) & (i < self.height) & (j >= 0) & (j < self.width)
        self.image[i[ok], j[ok]] = np.asarray(colour, np.float32)

    def _dx(self) -> float:
        return float(self.xs[1] - self.xs[0]) / self.aspect if self.width > 1 else 1.0

    def _dy(self) -> float:
        return float(self.y[1] - self.y[0]) if self.height > 1 else 1.0


def xs_range(aspect: float) -> tuple[float, float]:
    return X_RANGE[0] * aspect, X_RANGE[1] * aspect


def spread(rng: np.random.Generator, aspect: float, per_view: float, jitter: float = 0.8) -> np.ndarray:
    """Roughly evenly spread positions (isotropic x) over the painted range."""
    lo, hi = xs_range(aspect)
    n = max(int(round((hi - lo) / aspect * per_view)), 1)
    step = (hi - lo) / n
    return lo + step * (np.arange(n) + 0.5 + rng.uniform(-jitter / 2, jitter / 2, n))


def waves(rng: np.random.Generator, n: int = 3, amp: float = 0.02) -> np.ndarray:
    """Random sine components (amplitude, frequency, phase) for a wavy profile."""
    return np.stack([rng.uniform(0.3, 1.0, n) * amp, rng.uniform(1.0, 6.0, n), rng.uniform(0, 2 * np.pi, n)], 1)


def profile(xs: np.ndarray, base: float, waves: np.ndarray) -> np.ndarray:
    return base + (waves[:, 0:1] * np.sin(waves[:, 1:2] * xs[None, :] + waves[:, 2:3])).sum(0)


def sky_params(rng: np.random.Generator, aspect: float) -> dict:
    return {
        "sun": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.12, 0.3)),
        "moon": (rng.uniform(0.1, 0.9) * aspect, rng.uniform(0.1, 0.25)),
        "stars": (rng.uniform(*xs_range(aspect), 900), rng.uniform(-1.6, 1.0, 900)),
        "clouds": [(x, rng.uniform(0.06, 0.3), rng.uniform(0.08, 0.16)) for x in spread(rng, aspect, 1.6)
                   if rng.random() < 0.6],
    }


def sky(c: Canvas, time: str, horizon: float, p: dict, clouds: bool = True, sun: bool = True) -> None:
    top, bottom = (np.asarray(v, np.float32) for v in SKY[time])
    t = np.clip(c.y / horizon, 0, 1)[:, None] ** 0.8
    c.fill_rows(top + (bottom - top) * t)
    if time == "night":
        xs, ys = p["stars"]
        keep = ys < horizon
        c.dots(xs[keep], ys[keep], STAR)
        if sun:
            mx, my = p["moon"]
            c.prims([("e", mx, my * horizon / 0.55, 0.045, 0.045)], MOON)
    elif sun:
        sx, sy = p["sun"]
        if time == "day":
            c.prims([("e", sx, sy * horizon / 0.55, 0.05, 0.05)], SUN["day"])
        else:
            c.prims([("e", sx, horizon - 0.05, 0.1, 0.1)], SUN["sunset"])
    if clouds:
        for x, y, r in p["clouds"]:
            c.prims([("e", x, y * horizon / 0.55, r, r * 0.35), ("e", x - r * 0.5, y * horizon / 0.55 + r * 0.1, r * 0.55, r * 0.28),
                     ("e", x + r * 0.2, y * horizon / 0.55 - r * 0.18, r * 0.5, r * 0.3)], CLOUD[time])
