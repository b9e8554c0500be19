"""Backdrops: flat-shaded compositions (sky gradient, ground band, a few shapes) in a
day, sunset and night variant each, painted with numpy.

A backdrop is a function of world coordinates: the first (static) view is x, y in [0, 1]
(x across, y down); painters work in isotropic units (xs = x * aspect, y) and extend past
the view in every direction, so that a wider canvas for the camera augmentation shows more
of the same world. Its parameters (horizon, positions of trees, buildings...) are drawn
once per clip from the clip's generator. Every colour is desaturated or dark: see
``palette.py`` (the tests check the margin to the actor colours on every variant).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .palette import CLOUD, MOON, SKY, STAR, SUN, at_time
from .shapes import Placement, Prim, paint

#: name -> the words the caption uses for the place (one is chosen per clip)
PLACES: dict[str, tuple[str, ...]] = {
    "beach": ("on a beach", "on the beach", "at the beach"),
    "desert": ("in a desert", "in the desert"),
    "snowy field": ("on a snowy field", "in a snowy field"),
    "grass field": ("on a grass field", "in a grass field", "on a grassy field"),
    "city street": ("on a city street", "in a city street", "in the city"),
    "ocean": ("on the ocean", "at sea", "over the ocean"),
    "space": ("in space", "in outer space"),
    "room": ("in a room", "in the room", "indoors"),
    "forest": ("in a forest", "in the forest", "in the woods"),
    "mountains": ("in the mountains", "near the mountains"),
}
BACKDROPS = tuple(PLACES)

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


# ---------------------------------------------------------------- shared pieces


def _xs_range(aspect: float) -> tuple[float, float]:
    return X_RANGE[0] * aspect, X_RANGE[1] * aspect


def _spread(rng: np.random.Generator, aspect: float, per_view: float, jitter: float = 0.8) -> np.ndarray:
    """Roughly evenly spread positions (isotropic x) over the painted range."""
    lo, hi = _xs_range(aspect)
    n = max(int(round((hi - lo) / aspect * per_view)), 1)
    step = (hi - lo) / n
    return lo + step * (np.arange(n) + 0.5 + rng.uniform(-jitter / 2, jitter / 2, n))


def _waves(rng: np.random.Generator, n: int = 3, amp: float = 0.02) -> np.ndarray:
    """Random sine components (amplitude, frequency, phase) for a wavy profile."""
    return np.stack([rng.uniform(0.3, 1.0, n) * amp, rng.uniform(1.0, 6.0, n), rng.uniform(0, 2 * np.pi, n)], 1)


def _profile(xs: np.ndarray, base: float, waves: np.ndarray) -> np.ndarray:
    return base + (waves[:, 0:1] * np.sin(waves[:, 1:2] * xs[None, :] + waves[:, 2:3])).sum(0)


def _sky_params(rng: np.random.Generator, aspect: float) -> dict:
    return {
        "sun": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.12, 0.3)),
        "moon": (rng.uniform(0.1, 0.9) * aspect, rng.uniform(0.1, 0.25)),
        "stars": (rng.uniform(*_xs_range(aspect), 900), rng.uniform(-1.6, 1.0, 900)),
        "clouds": [(x, rng.uniform(0.06, 0.3), rng.uniform(0.08, 0.16)) for x in _spread(rng, aspect, 1.6)
                   if rng.random() < 0.6],
    }


def _sky(c: Canvas, time: str, horizon: float, p: dict, clouds: bool = True, sun: bool = True) -> None:
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


# ---------------------------------------------------------------- backdrops


def _beach_params(rng, aspect):
    return {"horizon": rng.uniform(0.38, 0.48), "shore": rng.uniform(0.1, 0.16), "waves": _waves(rng, 3, 0.015),
            "palms": [x for x in _spread(rng, aspect, 1.2) if rng.random() < 0.45], "sky": _sky_params(rng, aspect)}


def _beach(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    shore = _profile(c.xs, h + p["shore"], p["waves"])
    c.below(np.full_like(c.xs, h), at_time((45, 100, 140), time))
    stripe = (np.sin(c.xs[None, :] * 9 + c.y[:, None] * 140) > 0.9) & (c.y[:, None] > h + 0.01)
    c.where(stripe & (c.y[:, None] < shore[None, :]), at_time((72, 125, 160), time))
    c.below(shore, at_time((172, 152, 118), time))
    c.below(shore + 0.025, at_time((205, 185, 145), time))
    for x in p["palms"]:
        base = h + p["shore"] + 0.2
        c.prims([("p", ((x - 0.015, base), (x + 0.015, base), (x + 0.08, base - 0.34), (x + 0.065, base - 0.345)))],
                at_time((120, 95, 70), time))
        top = (x + 0.072, base - 0.345)
        leaves = [("c", top[0], top[1], top[0] + dx, top[1] + dy, 0.035)
                  for dx, dy in ((0.14, 0.05), (-0.12, 0.06), (0.09, -0.05), (-0.08, -0.04), (0.02, 0.1))]
        c.prims(leaves, at_time((75, 112, 80), time))


def _desert_params(rng, aspect):
    mesas = [(x, rng.uniform(0.08, 0.2), rng.uniform(0.05, 0.14)) for x in _spread(rng, aspect, 1.0) if rng.random() < 0.6]
    cacti = [(x, rng.uniform(0.12, 0.25)) for x in _spread(rng, aspect, 1.5) if rng.random() < 0.45]
    return {"horizon": rng.uniform(0.5, 0.6), "mesas": mesas, "cacti": cacti, "dunes": _waves(rng, 3, 0.03),
            "dunes2": _waves(rng, 3, 0.025), "sky": _sky_params(rng, aspect)}


def _desert(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"], clouds=False)
    for x, w, ht in p["mesas"]:
        c.prims([("p", ((x - w, h + 0.01), (x - w * 0.7, h - ht), (x + w * 0.7, h - ht), (x + w, h + 0.01)))],
                at_time((165, 115, 90), time))
    c.below(_profile(c.xs, h, p["dunes"]), at_time((205, 170, 115), time))
    c.below(_profile(c.xs, h + 0.17, p["dunes2"]), at_time((185, 150, 100), time))
    for x, ht in p["cacti"]:
        base = h + 0.08 + ht * 0.6
        w = ht * 0.12
        c.prims([("c", x, base, x, base - ht, w), ("c", x - w * 1.8, base - ht * 0.45, x - w * 1.8, base - ht * 0.75, w * 0.8),
                 ("r", x - w * 1.8, base - ht * 0.5, x, base - ht * 0.4), ("c", x + w * 1.8, base - ht * 0.35, x + w * 1.8, base - ht * 0.65, w * 0.8),
                 ("r", x, base - ht * 0.4, x + w * 1.8, base - ht * 0.3)], at_time((90, 125, 85), time))


def _snow_params(rng, aspect):
    pines = [(x, rng.uniform(0.1, 0.22)) for x in _spread(rng, aspect, 2.0) if rng.random() < 0.5]
    return {"horizon": rng.uniform(0.48, 0.6), "hills": _waves(rng, 3, 0.04), "ground": _waves(rng, 3, 0.015),
            "pines": pines, "sky": _sky_params(rng, aspect)}


def _snow(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    c.below(_profile(c.xs, h - 0.06, p["hills"]), at_time((140, 155, 180), time))
    for x, ht in p["pines"]:
        base = h + 0.01
        c.prims([("p", ((x - ht * 0.35, base - ht * k * 0.3), (x, base - ht * (0.55 + k * 0.2)), (x + ht * 0.35, base - ht * k * 0.3)))
                 for k in range(3)] + [("r", x - ht * 0.05, base - 0.02, x + ht * 0.05, base + 0.01)], at_time((55, 80, 70), time))
    c.below(_profile(c.xs, h, p["ground"]), at_time((178, 192, 210), time))
    shade = np.sin(c.xs[None, :] * 3 + 1 / np.maximum(c.y[:, None] - h + 0.05, 0.02) * 0.8) > 0.6
    c.where(shade & (c.y[:, None] > _profile(c.xs, h, p["ground"])[None, :] + 0.04), at_time((152, 166, 190), time))


def _grass_params(rng, aspect):
    trees = [(x, rng.uniform(0.06, 0.12)) for x in _spread(rng, aspect, 1.8) if rng.random() < 0.4]
    return {"horizon": rng.uniform(0.5, 0.62), "hills": _waves(rng, 3, 0.035), "trees": trees, "sky": _sky_params(rng, aspect)}


def _grass(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    c.below(_profile(c.xs, h - 0.05, p["hills"]), at_time((120, 160, 110), time))
    for x, r in p["trees"]:
        c.prims([("r", x - r * 0.12, h - r * 0.8, x + r * 0.12, h + 0.01)], at_time((105, 85, 65), time))
        c.prims([("e", x, h - r * 1.3, r * 0.8, r)], at_time((75, 115, 70), time))
    c.below(np.full_like(c.xs, h), at_time((105, 150, 80), time))
    stripes = np.sin(1.0 / np.maximum(c.y[:, None] - h, 0.01) * 1.2 + 0 * c.xs[None, :]) > 0.3
    c.where(stripes & (c.y[:, None] > h + 0.01), at_time((92, 134, 72), time))


def _city_params(rng, aspect):
    lo, hi = _xs_range(aspect)
    def row(mean_w, lo_h, hi_h):
        edges = [lo]
        while edges[-1] < hi:
            edges.append(edges[-1] + rng.uniform(0.6, 1.4) * mean_w)
        edges = np.array(edges)
        return edges, rng.uniform(lo_h, hi_h, len(edges) - 1), rng.integers(0, 3, len(edges) - 1)
    return {"horizon": rng.uniform(0.6, 0.7), "back": row(0.3, 0.15, 0.5), "front": row(0.4, 0.05, 0.35),
            "lamps": _spread(rng, aspect, 2.0, 0.2), "lit_seed": int(rng.integers(1 << 30))}


def _heights(xs: np.ndarray, row) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    edges, heights, shades = row
    k = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, len(heights) - 1)
    return heights[k], shades[k], edges[k]


def _city(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, {"sun": (0, 0), "moon": (0, 0), "stars": (np.zeros(0), np.zeros(0)), "clouds": []}, clouds=False, sun=False)
    back_greys = [(135, 140, 150), (125, 130, 140), (145, 140, 135)]
    front_greys = [(110, 110, 120), (130, 118, 105), (95, 100, 112)]
    lit = at_time((200, 180, 110), "day") if time == "night" else at_time((160, 172, 185), time)
    for row, greys, top0 in ((p["back"], back_greys, h - 0.1), (p["front"], front_greys, h - 0.02)):
        heights, shades, left = _heights(c.xs, row)
        tops = top0 - heights
        for s, grey in enumerate(greys):
            sel = shades == s
            prof = np.where(sel, tops, np.inf)
            c.below(prof.astype(np.float32), at_time(grey, time), above=h)
        # windows: a grid inside every building, lit at random at night
        u = (c.xs[None, :] - left[None, :]) / 0.06
        v = (c.y[:, None] - tops[None, :]) / 0.07
        win = (np.mod(u, 1.0) > 0.35) & (np.mod(u, 1.0) < 0.75) & (np.mod(v, 1.0) > 0.3) & (np.mod(v, 1.0) < 0.75)
        win &= (u > 0.5) & (v > 0.5) & (c.y[:, None] < h - 0.04)
        if time == "night":
            cell = (np.floor(u) * 7919 + np.floor(v) * 104729 + p["lit_seed"]) % 10
            c.where(win & (cell < 6), lit)
            c.where(win & (cell >= 6), at_time((60, 66, 80), "night"))
        else:
            c.where(win, lit)
    c.below(np.full_like(c.xs, h), at_time((150, 150, 145), time))
    c.below(np.full_like(c.xs, h + 0.07), at_time((85, 85, 92), time))
    road_mid = h + 0.07 + (1.0 - h - 0.07) * 0.5
    dash = (np.mod(c.xs / 0.25, 1.0) < 0.5)[None, :] & (np.abs(c.y[:, None] - road_mid) < 0.012)
    c.where(dash, at_time((185, 185, 175), time))
    for x in p["lamps"]:
        c.prims([("r", x - 0.006, h - 0.28, x + 0.006, h + 0.035), ("r", x - 0.006, h - 0.285, x + 0.05, h - 0.27)], at_time((70, 72, 80), time))
        c.prims([("e", x + 0.045, h - 0.265, 0.014, 0.008)], (210, 190, 130) if time == "night" else at_time((150, 150, 150), time))


def _ocean_params(rng, aspect):
    islands = [(x, rng.uniform(0.1, 0.25), rng.uniform(0.02, 0.06)) for x in _spread(rng, aspect, 0.8) if rng.random() < 0.4]
    return {"horizon": rng.uniform(0.4, 0.55), "islands": islands, "sky": _sky_params(rng, aspect)}


def _ocean(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    for x, w, ht in p["islands"]:
        c.prims([("e", x, h, w, ht)], at_time((95, 120, 90), time))
    far, near = at_time((48, 105, 145), time), at_time((28, 72, 112), time)
    t = np.clip((c.y - h) / (1.0 - h), 0, 1)[:, None, None]
    sea = (far + (near - far) * t[:, 0])  # [H, 3]
    mask = c.y >= h
    c.image[mask] = sea[mask][:, None, :]
    depth = np.maximum(c.y[:, None] - h, 0.002)
    stripe = (np.sin(c.xs[None, :] * (3.0 / depth) ** 0.5 * 6 + 1.0 / depth * 0.9) > 0.88) & (c.y[:, None] > h + 0.02)
    c.where(stripe, at_time((75, 125, 160), time))
    if time != "day":
        sx = p["sky"]["moon"][0] if time == "night" else p["sky"]["sun"][0]
        glint = (np.abs(c.xs[None, :] - sx) < 0.04 + 0.2 * depth) & (np.sin(1.0 / depth * 2.0) > 0.2) & (c.y[:, None] > h + 0.005)
        c.where(glint, MOON if time == "night" else (218, 168, 112))


def _space_params(rng, aspect):
    return {"ground": rng.uniform(0.7, 0.82), "hills": _waves(rng, 3, 0.02),
            "planet": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.15, 0.4), rng.uniform(0.08, 0.16)),
            "nebula": [(rng.uniform(*_xs_range(aspect)), rng.uniform(-0.5, 0.6), rng.uniform(0.1, 0.3)) for _ in range(6)],
            "craters": [(x, rng.uniform(0.0, 0.25), rng.uniform(0.02, 0.05)) for x in _spread(rng, aspect, 3.0)],
            "stars": (rng.uniform(*_xs_range(aspect), 2500), rng.uniform(-1.6, 1.0, 2500)),
            "sun": (rng.uniform(0.1, 0.9) * aspect, rng.uniform(0.1, 0.3))}


def _space(c: Canvas, time: str, p: dict) -> None:
    g = p["ground"]
    top, bottom = np.array((6, 6, 18), np.float32), np.array((22, 16, 44), np.float32)
    t = np.clip((c.y + 0.5) / (g + 0.5), 0, 1)[:, None]
    c.fill_rows(top + (bottom - top) * t)
    for x, y, r in p["nebula"]:
        c.prims([("e", x, y, r * 1.6, r * 0.6)], (42, 30, 64))
    xs, ys = p["stars"]
    c.dots(xs, ys, (170, 170, 190))
    px, py, pr = p["planet"]
    if time == "day":
        sx, sy = p["sun"]
        c.prims([("e", sx, sy, 0.06, 0.06)], SUN["day"])
        planet, band, surface, crater = (110, 130, 150), (90, 105, 125), (125, 125, 130), (100, 100, 108)
    elif time == "sunset":
        planet, band, surface, crater = (150, 98, 82), (120, 80, 70), (105, 95, 100), (82, 75, 82)
        pr *= 1.8
    else:
        planet, band, surface, crater = (62, 92, 132), (48, 70, 105), (62, 62, 72), (48, 48, 58)
    c.prims([("e", px, py, pr, pr)], planet)
    c.prims([("e", px, py, pr * 1.9, pr * 0.28)], band)
    c.prims([("e", px, py - pr * 0.1, pr * 0.98, pr * 0.5)], planet)
    c.below(_profile(c.xs, g, p["hills"]), surface)
    for x, dy, r in p["craters"]:
        c.prims([("e", x, g + 0.04 + dy, r * 1.8, r * 0.5)], crater)


def _room_params(rng, aspect):
    return {"floor": rng.uniform(0.6, 0.7), "wall": int(rng.integers(3)),
            "window": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.12, 0.22), rng.uniform(0.16, 0.24)),
            "pictures": [(x, rng.uniform(0.2, 0.35), rng.uniform(0.05, 0.09)) for x in _spread(rng, aspect, 1.2) if rng.random() < 0.4],
            "door": rng.uniform(-0.5, 1.5) * aspect, "sky": _sky_params(rng, aspect)}


def _room(c: Canvas, time: str, p: dict) -> None:
    f = p["floor"]
    walls = [(190, 175, 150), (160, 175, 160), (165, 172, 188)]
    c.fill_rows(np.tile(at_time(walls[p["wall"]], time), (c.height, 1)))
    wx, wy, ww = p["window"]
    frame = at_time((150, 135, 115), time)
    c.prims([("r", wx - ww - 0.015, wy - 0.015, wx + ww + 0.015, wy + ww * 1.0 + 0.015)], frame)
    top, bottom = (np.asarray(v, np.float32) for v in SKY[time])
    inside = ((np.abs(c.xs - wx) < ww)[None, :] & ((c.y > wy) & (c.y < wy + ww))[:, None])
    t = np.clip((c.y - wy) / ww, 0, 1)[:, None]
    sky = np.broadcast_to((top + (bottom - top) * t)[:, None, :], c.image.shape)
    c.image[inside] = sky[inside]
    if time == "night":
        c.prims([("e", wx + ww * 0.4, wy + ww * 0.3, 0.025, 0.025)], MOON)
    elif time == "sunset":
        c.prims([("e", wx - ww * 0.3, wy + ww * 0.85, 0.06, 0.06)], SUN["sunset"])
    c.prims([("r", wx - 0.006, wy, wx + 0.006, wy + ww), ("r", wx - ww, wy + ww / 2 - 0.006, wx + ww, wy + ww / 2 + 0.006)], frame)
    for x, y, r in p["pictures"]:
        if abs(x - wx) < ww + r + 0.05:
            continue
        c.prims([("r", x - r * 1.2, y - r, x + r * 1.2, y + r)], at_time((110, 90, 70), time))
        c.prims([("r", x - r, y - r * 0.8, x + r, y + r * 0.8)], at_time((130, 150, 140), time))
        c.prims([("p", ((x - r, y + r * 0.8), (x - r * 0.2, y - r * 0.3), (x + r * 0.5, y + r * 0.8)))], at_time((100, 125, 110), time))
    d = p["door"]
    c.prims([("r", d - 0.12, f - 0.5, d + 0.12, f)], at_time((140, 115, 90), time))
    c.prims([("e", d + 0.08, f - 0.25, 0.012, 0.012)], at_time((90, 80, 70), time))
    c.below(np.full_like(c.xs, f), at_time((135, 100, 70), time))
    planks = np.mod((c.xs[None, :] - 0.5 * c.aspect) / np.maximum(c.y[:, None] - f + 0.25, 0.05) * 2.0, 1.0) < 0.07
    c.where(planks & (c.y[:, None] > f), at_time((112, 82, 58), time))
    c.below(np.full_like(c.xs, f - 0.02), at_time((120, 105, 90), time), above=f)


def _forest_params(rng, aspect):
    trees = []
    for layer in range(3):
        for x in _spread(rng, aspect, 3.0 + layer, 0.9):
            if rng.random() < 0.7:
                trees.append((layer, x, rng.uniform(0.25, 0.45) * (0.7 + 0.25 * layer), bool(rng.random() < 0.5)))
    return {"horizon": rng.uniform(0.55, 0.65), "line": _waves(rng, 4, 0.03), "trees": trees, "sky": _sky_params(rng, aspect)}


def _forest(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    bumps = _profile(c.xs, h - 0.12, p["line"]) - 0.03 * np.abs(np.sin(c.xs * 25))
    c.below(bumps, at_time((85, 120, 95), time))
    c.below(np.full_like(c.xs, h), at_time((95, 115, 70), time))
    greens = [(70, 108, 75), (60, 100, 65), (50, 85, 55)]
    for layer, x, ht, pine in p["trees"]:
        base = h + 0.02 + 0.06 * layer
        c.prims([("r", x - ht * 0.05, base - ht * 0.5, x + ht * 0.05, base)], at_time((95, 75, 60), time))
        if pine:
            crown = [("p", ((x - ht * 0.3, base - ht * (0.2 + 0.25 * k)), (x, base - ht * (0.65 + 0.2 * k)),
                            (x + ht * 0.3, base - ht * (0.2 + 0.25 * k)))) for k in range(3)]
        else:
            crown = [("e", x, base - ht * 0.7, ht * 0.28, ht * 0.35), ("e", x - ht * 0.15, base - ht * 0.55, ht * 0.2, ht * 0.2),
                     ("e", x + ht * 0.15, base - ht * 0.55, ht * 0.2, ht * 0.2)]
        c.prims(crown, at_time(greens[layer], time))


def _mountain_params(rng, aspect):
    far = [(x, rng.uniform(0.2, 0.4), rng.uniform(0.25, 0.45)) for x in _spread(rng, aspect, 2.5, 1.0)]
    near = [(x, rng.uniform(0.1, 0.25), rng.uniform(0.3, 0.5)) for x in _spread(rng, aspect, 2.0, 1.0)]
    return {"horizon": rng.uniform(0.6, 0.7), "far": far, "near": near, "sky": _sky_params(rng, aspect)}


def _mountains(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    _sky(c, time, h, p["sky"])
    for peaks, colour, base in ((p["far"], (125, 140, 170), h), (p["near"], (100, 110, 125), h + 0.02)):
        for x, ht, w in peaks:
            top = base - ht - (0.12 if colour[0] == 125 else 0.0)
            c.prims([("p", ((x - w, base), (x, top), (x + w, base)))], at_time(colour, time))
            k = 0.3
            c.prims([("p", ((x - w * k, top + (base - top) * k), (x, top), (x + w * k, top + (base - top) * k)))],
                    at_time((180, 190, 208), time))
    c.below(np.full_like(c.xs, h + 0.02), at_time((110, 135, 90), time))


PAINTERS: dict[str, tuple[Callable, Callable]] = {
    "beach": (_beach_params, _beach),
    "desert": (_desert_params, _desert),
    "snowy field": (_snow_params, _snow),
    "grass field": (_grass_params, _grass),
    "city street": (_city_params, _city),
    "ocean": (_ocean_params, _ocean),
    "space": (_space_params, _space),
    "room": (_room_params, _room),
    "forest": (_forest_params, _forest),
    "mountains": (_mountain_params, _mountains),
}


def sample_backdrop(name: str, rng: np.random.Generator, aspect: float) -> dict:
    """The backdrop's parameters for one clip."""
    return PAINTERS[name][0](rng, aspect)


def paint_backdrop(name: str, params: dict, time: str, width: int, height: int,
                   view: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0), aspect: float = 16 / 9) -> np.ndarray:
    """The backdrop over world region ``view`` (x1, y1, x2, y2) at width x height -> uint8 [H, W, 3]."""
    c = Canvas(width, height, view, aspect)
    PAINTERS[name][1](c, time, params)
    return np.clip(np.rint(c.image), 0, 255).astype(np.uint8)
