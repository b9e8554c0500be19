"""Flat-shaded 2-D primitives (ellipse, rectangle, convex polygon, capsule) rasterised
with numpy on pixel centres, each evaluated only over its own bounding rectangle.

A primitive is a tuple in "design units" (isotropic, y down):

* ``("e", cx, cy, rx, ry)``: ellipse
* ``("r", x1, y1, x2, y2)``: axis-aligned rectangle
* ``("p", ((x, y), ...))``: convex polygon (either winding)
* ``("c", x1, y1, x2, y2, width)``: capsule, a thick segment with round ends
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Prim = tuple


def prim_bbox(p: Prim) -> tuple[float, float, float, float]:
    kind = p[0]
    if kind == "e":
        _, cx, cy, rx, ry = p
        return cx - rx, cy - ry, cx + rx, cy + ry
    if kind == "r":
        return p[1], p[2], p[3], p[4]
    if kind == "p":
        xs = [v[0] for v in p[1]]
        ys = [v[1] for v in p[1]]
        return min(xs), min(ys), max(xs), max(ys)
    if kind == "c":
        _, x1, y1, x2, y2, w = p
        r = w / 2
        return min(x1, x2) - r, min(y1, y2) - r, max(x1, x2) + r, max(y1, y2) + r
    raise ValueError(f"unknown primitive {kind!r}")


def union_bbox(prims: Sequence[Prim]) -> tuple[float, float, float, float]:
    boxes = np.array([prim_bbox(p) for p in prims], np.float64)
    return float(boxes[:, 0].min()), float(boxes[:, 1].min()), float(boxes[:, 2].max()), float(boxes[:, 3].max())


def prim_mask(p: Prim, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mask of primitive ``p`` at points x [1, w], y [h, 1] (same units as p) -> bool [h, w]."""
    kind = p[0]
    if kind == "e":
        _, cx, cy, rx, ry = p
        return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0
    if kind == "r":
        _, x1, y1, x2, y2 = p
        return ((x >= x1) & (x <= x2)) & ((y >= y1) & (y <= y2))
    if kind == "p":
        verts = p[1]
        n = len(verts)
        area2 = sum(verts[i][0] * verts[(i + 1) % n][1] - verts[(i + 1) % n][0] * verts[i][1] for i in range(n))
        sign = 1.0 if area2 >= 0 else -1.0
        inside = np.ones(np.broadcast_shapes(x.shape, y.shape), bool)
        for i in range(n):
            (ax, ay), (bx, by) = verts[i], verts[(i + 1) % n]
            inside &= sign * ((bx - ax) * (y - ay) - (by - ay) * (x - ax)) >= 0
        return inside
    if kind == "c":
        _, x1, y1, x2, y2, w = p
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        if length2 == 0:
            return (x - x1) ** 2 + (y - y1) ** 2 <= (w / 2) ** 2
        t = np.clip(((x - x1) * dx + (y - y1) * dy) / length2, 0.0, 1.0)
        return (x - x1 - t * dx) ** 2 + (y - y1 - t * dy) ** 2 <= (w / 2) ** 2
    raise ValueError(f"unknown primitive {kind!r}")


class Placement:
    """Maps design units to pixels: px = ox + s·x (s < 0 mirrors), py = oy + t·y."""

    def __init__(self, ox: float, oy: float, sx: float, sy: float) -> None:
        self.ox, self.oy, self.sx, self.sy = ox, oy, sx, sy

    def pixel_range(self, bbox: tuple[float, float, float, float], width: int, height: int) -> tuple[int, int, int, int]:
        """Pixel index ranges [i0, i1) x [j0, j1) whose centres can fall inside ``bbox``."""
        xa, xb = sorted((self.ox + self.sx * bbox[0], self.ox + self.sx * bbox[2]))
        ya, yb = sorted((self.oy + self.sy * bbox[1], self.oy + self.sy * bbox[3]))
        j0 = max(int(np.floor(xa - 0.5)), 0)
        j1 = min(int(np.ceil(xb - 0.5)) + 1, width)
        i0 = max(int(np.floor(ya - 0.5)), 0)
        i1 = min(int(np.ceil(yb - 0.5)) + 1, height)
        return i0, i1, j0, j1

    def design_coords(self, i0: int, i1: int, j0: int, j1: int) -> tuple[np.ndarray, np.ndarray]:
        x = ((np.arange(j0, j1, dtype=np.float32) + 0.5 - self.ox) / self.sx)[None, :]
        y = ((np.arange(i0, i1, dtype=np.float32) + 0.5 - self.oy) / self.sy)[:, None]
        return x, y


def paint(image: np.ndarray, prims: Sequence[Prim], colour, place: Placement,
          clip: tuple[int, int, int, int] | None = None, coverage: np.ndarray | None = None) -> None:
    """Fill each primitive with ``colour`` in ``image`` [H, W, 3] (in place). ``clip`` limits
    drawing to a pixel rectangle (i0, i1, j0, j1); ``coverage`` (bool, the shape of the clip
    rectangle), when given, is or-ed with the painted pixels."""
    height, width = image.shape[:2]
    ci0, ci1, cj0, cj1 = clip if clip is not None else (0, height, 0, width)
    colour = np.asarray(colour, dtype=image.dtype)
    for p in prims:
        i0, i1, j0, j1 = place.pixel_range(prim_bbox(p), width, height)
        i0, i1, j0, j1 = max(i0, ci0), min(i1, ci1), max(j0, cj0), min(j1, cj1)
        if i0 >= i1 or j0 >= j1:
            continue
        x, y = place.design_coords(i0, i1, j0, j1)
        m = prim_mask(p, x, y)
        image[i0:i1, j0:j1][m] = colour
        if coverage is not None:  # coverage covers the clip rectangle
            coverage[i0 - ci0:i1 - ci0, j0 - cj0:j1 - cj0] |= m
