"""Built and unearthly backdrops: city street, room, space (same pairs as ``nature``)."""

from __future__ import annotations

import numpy as np

from .canvas import Canvas, profile, sky, sky_params, spread, waves, xs_range
from .palette import MOON, SKY, SUN, at_time


def city_params(rng, aspect):
    lo, hi = xs_range(aspect)
    def row(mean_w, lo_h, hi_h):
        edges = [lo]
        while edges[-1] < hi:
            edges.append(edges[-1] + rng.uniform(0.6, 1.4) * mean_w)
        edges = np.array(edges)
        return edges, rng.uniform(lo_h, hi_h, len(edges) - 1), rng.integers(0, 3, len(edges) - 1)
    return {"horizon": rng.uniform(0.6, 0.7), "back": row(0.3, 0.15, 0.5), "front": row(0.4, 0.05, 0.35),
            "lamps": spread(rng, aspect, 2.0, 0.2), "lit_seed": int(rng.integers(1 << 30))}


def _heights(xs: np.ndarray, row) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    edges, heights, shades = row
    k = np.clip(np.searchsorted(edges, xs, side="right") - 1, 0, len(heights) - 1)
    return heights[k], shades[k], edges[k]


def paint_city(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, {"sun": (0, 0), "moon": (0, 0), "stars": (np.zeros(0), np.zeros(0)), "clouds": []}, clouds=False, sun=False)
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


def room_params(rng, aspect):
    return {"floor": rng.uniform(0.6, 0.7), "wall": int(rng.integers(3)),
            "window": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.12, 0.22), rng.uniform(0.16, 0.24)),
            "pictures": [(x, rng.uniform(0.2, 0.35), rng.uniform(0.05, 0.09)) for x in spread(rng, aspect, 1.2) if rng.random() < 0.4],
            "door": rng.uniform(-0.5, 1.5) * aspect, "sky": sky_params(rng, aspect)}


def paint_room(c: Canvas, time: str, p: dict) -> None:
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


def space_params(rng, aspect):
    return {"ground": rng.uniform(0.7, 0.82), "hills": waves(rng, 3, 0.02),
            "planet": (rng.uniform(0.15, 0.85) * aspect, rng.uniform(0.15, 0.4), rng.uniform(0.08, 0.16)),
            "nebula": [(rng.uniform(*xs_range(aspect)), rng.uniform(-0.5, 0.6), rng.uniform(0.1, 0.3)) for _ in range(6)],
            "craters": [(x, rng.uniform(0.0, 0.25), rng.uniform(0.02, 0.05)) for x in spread(rng, aspect, 3.0)],
            "stars": (rng.uniform(*xs_range(aspect), 2500), rng.uniform(-1.6, 1.0, 2500)),
            "sun": (rng.uniform(0.1, 0.9) * aspect, rng.uniform(0.1, 0.3))}


def paint_space(c: Canvas, time: str, p: dict) -> None:
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
    c.below(profile(c.xs, g, p["hills"]), surface)
    for x, dy, r in p["craters"]:
        c.prims([("e", x, g + 0.04 + dy, r * 1.8, r * 0.5)], crater)
