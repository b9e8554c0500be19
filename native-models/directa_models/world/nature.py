"""Open-air backdrops: beach, desert, snowy field, grass field, ocean, forest, mountains.
Each is a pair: ``*_params(rng, aspect)`` draws the clip's layout, the painter paints it
at a time of day."""

from __future__ import annotations

import numpy as np

from .canvas import Canvas, profile, sky, sky_params, spread, waves
from .palette import MOON, at_time


def beach_params(rng, aspect):
    return {"horizon": rng.uniform(0.38, 0.48), "shore": rng.uniform(0.1, 0.16), "waves": waves(rng, 3, 0.015),
            "palms": [x for x in spread(rng, aspect, 1.2) if rng.random() < 0.45], "sky": sky_params(rng, aspect)}


def paint_beach(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
    shore = profile(c.xs, h + p["shore"], p["waves"])
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


def desert_params(rng, aspect):
    mesas = [(x, rng.uniform(0.08, 0.2), rng.uniform(0.05, 0.14)) for x in spread(rng, aspect, 1.0) if rng.random() < 0.6]
    cacti = [(x, rng.uniform(0.12, 0.25)) for x in spread(rng, aspect, 1.5) if rng.random() < 0.45]
    return {"horizon": rng.uniform(0.5, 0.6), "mesas": mesas, "cacti": cacti, "dunes": waves(rng, 3, 0.03),
            "dunes2": waves(rng, 3, 0.025), "sky": sky_params(rng, aspect)}


def paint_desert(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"], clouds=False)
    for x, w, ht in p["mesas"]:
        c.prims([("p", ((x - w, h + 0.01), (x - w * 0.7, h - ht), (x + w * 0.7, h - ht), (x + w, h + 0.01)))],
                at_time((165, 115, 90), time))
    c.below(profile(c.xs, h, p["dunes"]), at_time((205, 170, 115), time))
    c.below(profile(c.xs, h + 0.17, p["dunes2"]), at_time((185, 150, 100), time))
    for x, ht in p["cacti"]:
        base = h + 0.08 + ht * 0.6
        w = ht * 0.12
        c.prims([("c", x, base, x, base - ht, w), ("c", x - w * 1.8, base - ht * 0.45, x - w * 1.8, base - ht * 0.75, w * 0.8),
                 ("r", x - w * 1.8, base - ht * 0.5, x, base - ht * 0.4), ("c", x + w * 1.8, base - ht * 0.35, x + w * 1.8, base - ht * 0.65, w * 0.8),
                 ("r", x, base - ht * 0.4, x + w * 1.8, base - ht * 0.3)], at_time((90, 125, 85), time))


def snow_params(rng, aspect):
    pines = [(x, rng.uniform(0.1, 0.22)) for x in spread(rng, aspect, 2.0) if rng.random() < 0.5]
    return {"horizon": rng.uniform(0.48, 0.6), "hills": waves(rng, 3, 0.04), "ground": waves(rng, 3, 0.015),
            "pines": pines, "sky": sky_params(rng, aspect)}


def paint_snow(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
    c.below(profile(c.xs, h - 0.06, p["hills"]), at_time((140, 155, 180), time))
    for x, ht in p["pines"]:
        base = h + 0.01
        c.prims([("p", ((x - ht * 0.35, base - ht * k * 0.3), (x, base - ht * (0.55 + k * 0.2)), (x + ht * 0.35, base - ht * k * 0.3)))
                 for k in range(3)] + [("r", x - ht * 0.05, base - 0.02, x + ht * 0.05, base + 0.01)], at_time((55, 80, 70), time))
    c.below(profile(c.xs, h, p["ground"]), at_time((178, 192, 210), time))
    shade = np.sin(c.xs[None, :] * 3 + 1 / np.maximum(c.y[:, None] - h + 0.05, 0.02) * 0.8) > 0.6
    c.where(shade & (c.y[:, None] > profile(c.xs, h, p["ground"])[None, :] + 0.04), at_time((152, 166, 190), time))


def grass_params(rng, aspect):
    trees = [(x, rng.uniform(0.06, 0.12)) for x in spread(rng, aspect, 1.8) if rng.random() < 0.4]
    return {"horizon": rng.uniform(0.5, 0.62), "hills": waves(rng, 3, 0.035), "trees": trees, "sky": sky_params(rng, aspect)}


def paint_grass(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
    c.below(profile(c.xs, h - 0.05, p["hills"]), at_time((120, 160, 110), time))
    for x, r in p["trees"]:
        c.prims([("r", x - r * 0.12, h - r * 0.8, x + r * 0.12, h + 0.01)], at_time((105, 85, 65), time))
        c.prims([("e", x, h - r * 1.3, r * 0.8, r)], at_time((75, 115, 70), time))
    c.below(np.full_like(c.xs, h), at_time((105, 150, 80), time))
    stripes = np.sin(1.0 / np.maximum(c.y[:, None] - h, 0.01) * 1.2 + 0 * c.xs[None, :]) > 0.3
    c.where(stripes & (c.y[:, None] > h + 0.01), at_time((92, 134, 72), time))


def ocean_params(rng, aspect):
    islands = [(x, rng.uniform(0.1, 0.25), rng.uniform(0.02, 0.06)) for x in spread(rng, aspect, 0.8) if rng.random() < 0.4]
    return {"horizon": rng.uniform(0.4, 0.55), "islands": islands, "sky": sky_params(rng, aspect)}


def paint_ocean(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
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


def forest_params(rng, aspect):
    trees = []
    for layer in range(3):
        for x in spread(rng, aspect, 3.0 + layer, 0.9):
            if rng.random() < 0.7:
                trees.append((layer, x, rng.uniform(0.25, 0.45) * (0.7 + 0.25 * layer), bool(rng.random() < 0.5)))
    return {"horizon": rng.uniform(0.55, 0.65), "line": waves(rng, 4, 0.03), "trees": trees, "sky": sky_params(rng, aspect)}


def paint_forest(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
    bumps = profile(c.xs, h - 0.12, p["line"]) - 0.03 * np.abs(np.sin(c.xs * 25))
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


def mountain_params(rng, aspect):
    far = [(x, rng.uniform(0.2, 0.4), rng.uniform(0.25, 0.45)) for x in spread(rng, aspect, 2.5, 1.0)]
    near = [(x, rng.uniform(0.1, 0.25), rng.uniform(0.3, 0.5)) for x in spread(rng, aspect, 2.0, 1.0)]
    return {"horizon": rng.uniform(0.6, 0.7), "far": far, "near": near, "sky": sky_params(rng, aspect)}


def paint_mountains(c: Canvas, time: str, p: dict) -> None:
    h = p["horizon"]
    sky(c, time, h, p["sky"])
    for peaks, colour, base in ((p["far"], (125, 140, 170), h), (p["near"], (100, 110, 125), h + 0.02)):
        for x, ht, w in peaks:
            top = base - ht - (0.12 if colour[0] == 125 else 0.0)
            c.prims([("p", ((x - w, base), (x, top), (x + w, base)))], at_time(colour, time))
            k = 0.3
            c.prims([("p", ((x - w * k, top + (base - top) * k), (x, top), (x + w * k, top + (base - top) * k)))],
                    at_time((180, 190, 208), time))
    c.below(np.full_like(c.xs, h + 0.02), at_time((110, 135, 90), time))
