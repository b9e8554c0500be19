"""Actors and props: simple distinctive silhouettes made of ellipses, rectangles, convex
polygons and capsules, designed facing right (y down, isotropic design units).

Each kind returns (body, details) for an animation phase (radians): body parts are drawn
in the actor's colour, details (eyes, windows, hubs) in its dark shade and lie inside the
body, so the actor's colour is the dominant, nearly uniform colour of its pixels and the
tight box of its colour pixels is the tight box of its silhouette.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .shapes import Placement, Prim, paint, union_bbox

Parts = tuple[list[Prim], list[Prim]]


def _person(ph: float) -> Parts:
    s = 5.0 * math.sin(ph)
    body = [
        ("e", 22, 11, 10, 11),
        ("r", 17, 16, 27, 28),
        ("e", 22, 29, 14, 6),
        ("p", ((9, 28), (35, 28), (32, 62), (12, 62))),
        ("c", 10, 30, 2 + 0.6 * s, 58, 7),
        ("c", 34, 30, 42 - 0.6 * s, 58, 7),
        ("c", 17, 60, 13 + 1.6 * s, 96, 9),
        ("c", 27, 60, 31 - 1.6 * s, 96, 9),
    ]
    return body, [("e", 26.5, 10, 2.0, 2.2)]


def _dog(ph: float) -> Parts:
    s = 6.0 * math.sin(ph)
    body = [
        ("e", 65, 55, 45, 21),
        ("c", 96, 50, 113, 32, 22),
        ("e", 118, 29, 18, 16),
        ("e", 134, 35, 13, 9),
        ("c", 36, 62, 33 + s, 96, 10),
        ("c", 49, 64, 50 - s, 96, 10),
        ("c", 84, 62, 81 + s, 96, 10),
        ("c", 96, 60, 98 - s, 96, 10),
        ("c", 24, 46, 8, 24 + 3 * math.sin(2 * ph), 7),
    ]
    details = [("p", ((106, 18), (116, 15), (111, 42), (105, 38))), ("e", 124, 24, 2.6, 2.6), ("e", 143, 31, 2.6, 2.4)]
    return body, details


def _cat(ph: float) -> Parts:
    s = 4.0 * math.sin(ph)
    body = [
        ("e", 55, 56, 34, 16),
        ("e", 96, 40, 15, 14),
        ("p", ((84, 33), (86, 14), (97, 28))),
        ("p", ((98, 28), (109, 13), (110, 36))),
        ("c", 32, 62, 30 + s, 88, 7),
        ("c", 43, 64, 44 - s, 88, 7),
        ("c", 68, 62, 66 + s, 88, 7),
        ("c", 79, 62, 80 - s, 88, 7),
        ("c", 23, 52, 10, 38, 6),
        ("c", 10, 38, 14, 16, 6),
    ]
    details = [("e", 101, 37, 2.2, 3.2), ("e", 91, 37, 2.0, 3.0), ("e", 106, 45, 2.0, 1.5)]
    return body, details


def _bear(ph: float) -> Parts:
    s = 4.0 * math.sin(ph)
    body = [
        ("e", 70, 55, 55, 31),
        ("e", 92, 36, 24, 18),
        ("e", 126, 40, 21, 19),
        ("e", 116, 23, 7, 7),
        ("e", 134, 23, 7, 7),
        ("e", 142, 48, 10, 8),
        ("c", 36, 70, 36 + s, 92, 18),
        ("c", 56, 72, 56 - s, 92, 18),
        ("c", 90, 72, 90 + s, 92, 18),
        ("c", 108, 68, 108 - s, 92, 18),
    ]
    details = [("e", 133, 36, 2.8, 2.8), ("e", 147, 45, 3.0, 2.6), ("e", 116, 24, 3, 3)]
    return body, details


def _horse(ph: float) -> Parts:
    s = 6.0 * math.sin(ph)
    body = [
        ("e", 65, 56, 42, 18),
        ("p", ((90, 50), (99, 20), (114, 14), (110, 55))),
        ("c", 108, 20, 132, 36, 16),
        ("p", ((102, 14), (106, 1), (111, 12))),
        ("c", 36, 62, 33 + s, 116, 8),
        ("c", 48, 64, 50 - s, 116, 8),
        ("c", 86, 62, 83 + s, 116, 8),
        ("c", 96, 60, 98 - s, 116, 8),
        ("c", 25, 48, 12, 84 + 2 * math.sin(ph), 9),
    ]
    details = [("p", ((93, 44), (101, 18), (106, 18), (98, 48))), ("e", 117, 22, 2.5, 2.5), ("e", 130, 36, 2.0, 1.6)]
    return body, details


def _bird(ph: float) -> Parts:
    lift = math.cos(ph)  # 1: wing up, -1: wing down
    tip_y = 30 - 28 * lift
    body = [
        ("e", 48, 42, 28, 15),
        ("e", 76, 30, 12, 12),
        ("p", ((85, 25), (99, 31), (85, 35))),
        ("p", ((23, 38), (2, 28), (4, 50))),
        ("p", ((36, 38), (60, 36), (32, tip_y))),
    ]
    return body, [("e", 80, 27, 2.2, 2.2)]


def _car(ph: float) -> Parts:
    body = [
        ("p", ((2, 46), (30, 38), (172, 38), (198, 50), (198, 72), (2, 72))),
        ("p", ((45, 40), (70, 8), (140, 8), (164, 40))),
        ("e", 46, 72, 17, 17),
        ("e", 154, 72, 17, 17),
    ]
    a = ph
    details = [
        ("p", ((60, 36), (76, 14), (102, 14), (102, 36))),
        ("p", ((110, 36), (110, 14), (136, 14), (152, 36))),
        ("e", 46, 72, 7, 7), ("e", 154, 72, 7, 7),
        ("c", 46 - 9 * math.cos(a), 72 - 9 * math.sin(a), 46 + 9 * math.cos(a), 72 + 9 * math.sin(a), 3),
        ("c", 154 - 9 * math.cos(a), 72 - 9 * math.sin(a), 154 + 9 * math.cos(a), 72 + 9 * math.sin(a), 3),
        ("r", 186, 52, 193, 58),
    ]
    return body, details


def _bus(ph: float) -> Parts:
    body = [("r", 2, 4, 258, 84), ("e", 12, 14, 10, 10), ("e", 248, 14, 10, 10), ("e", 52, 84, 15, 15), ("e", 208, 84, 15, 15)]
    details = [("r", 14 + 34 * i, 14, 40 + 34 * i, 40) for i in range(6)]
    details += [("r", 226, 14, 250, 50), ("r", 196, 46, 214, 78),
                ("e", 52, 84, 6, 6), ("e", 208, 84, 6, 6), ("r", 8, 58, 248, 62)]
    return body, details


def _boat(ph: float) -> Parts:
    rock = 2.0 * math.sin(ph)
    body = [
        ("p", ((0, 88), (140, 88), (120, 128), (18, 128))),
        ("c", 70, 94, 70 + rock, 4, 9),
        ("p", ((71 + rock, 6), (71, 80), (124, 80))),
        ("p", ((69 + rock, 18), (69, 80), (28, 80))),
    ]
    details = [("e", 42, 106, 4.5, 4.5), ("e", 70, 106, 4.5, 4.5), ("e", 98, 106, 4.5, 4.5)]
    return body, details


def _airplane(ph: float) -> Parts:
    body = [
        ("e", 112, 52, 104, 14),
        ("p", ((10, 50), (16, 6), (38, 6), (58, 46))),
        ("p", ((96, 56), (128, 56), (92, 90), (72, 90))),
        ("p", ((102, 44), (122, 44), (104, 28), (94, 28))),
        ("p", ((14, 52), (46, 52), (30, 64), (10, 64))),
    ]
    details = [("e", 62 + 14 * i, 47, 3, 3.2) for i in range(8)]
    details += [("p", ((184, 43), (200, 43), (208, 49), (190, 50)))]
    return body, details


def _ball(ph: float) -> Parts:
    body = [("e", 50, 50, 50, 50)]

    def pent(cx: float, cy: float, r: float, a0: float) -> Prim:
        return ("p", tuple((cx + r * math.cos(a0 + k * 2 * math.pi / 5), cy + r * math.sin(a0 + k * 2 * math.pi / 5))
                           for k in range(5)))

    details = [pent(50, 50, 16, ph)]
    for k in range(5):
        a = ph + k * 2 * math.pi / 5
        details.append(("c", 50 + 16 * math.cos(a), 50 + 16 * math.sin(a), 50 + 30 * math.cos(a), 50 + 30 * math.sin(a), 3))
        b = a + math.pi / 5
        details.append(pent(50 + 38 * math.cos(b), 50 + 38 * math.sin(b), 10, b + math.pi))
    return body, details


def _balloon(ph: float) -> Parts:
    w = 4.0 * math.sin(ph)
    body = [("e", 40, 42, 38, 42), ("p", ((32, 80), (48, 80), (40, 94))), ("c", 40, 88, 40 + w, 110, 8), ("c", 40 + w, 110, 40, 126, 8)]
    return body, []


def _robot(ph: float) -> Parts:
    s = 3.0 * math.sin(ph)
    body = [
        ("c", 40, 5, 40, 14, 4), ("e", 40, 4, 4, 4),
        ("r", 20, 12, 60, 42), ("r", 35, 41, 45, 48), ("r", 12, 47, 68, 86),
        ("c", 12, 52, 4, 80 + s, 8), ("c", 68, 52, 76, 80 - s, 8),
        ("c", 27, 85, 27, 116 + min(s, 0), 13), ("c", 53, 85, 53, 116 - max(s, 0), 13),
    ]
    details = [("r", 27, 21, 36, 29), ("r", 44, 21, 53, 29), ("r", 30, 34, 50, 37), ("r", 28, 55, 52, 72)]
    return body, details


def _rocket(ph: float) -> Parts:
    body = [
        ("e", 30, 34, 15, 34), ("r", 15, 34, 45, 116),
        ("p", ((15, 76), (0, 110), (0, 126), (15, 116))), ("p", ((45, 76), (60, 110), (60, 126), (45, 116))),
        ("p", ((20, 116), (40, 116), (44, 130), (16, 130))),
    ]
    details = [("e", 30, 56, 7, 7), ("r", 19, 94, 41, 99), ("c", 30, 108, 30, 122, 4)]
    return body, details


@functools.lru_cache(maxsize=None)
def _bbox(parts: Callable[[float], Parts]) -> tuple[float, float, float, float]:
    body, details = parts(0.0)
    return union_bbox(body + details)


@dataclass(frozen=True)
class Kind:
    name: str
    parts: Callable[[float], Parts]
    #: mirrored when moving left
    flips: bool
    #: animation speed (radians per frame) range
    omega: tuple[float, float]

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """Extent of the silhouette at phase 0 in design units (the box an actor fills)."""
        return _bbox(self.parts)

    @property
    def aspect(self) -> float:
        """Width / height of the silhouette."""
        x1, y1, x2, y2 = self.bbox
        return (x2 - x1) / (y2 - y1)


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("person", _person, True, (0.6, 1.0)),
    Kind("dog", _dog, True, (0.7, 1.1)),
    Kind("cat", _cat, True, (0.6, 1.0)),
    Kind("bear", _bear, True, (0.4, 0.7)),
    Kind("horse", _horse, True, (0.6, 1.0)),
    Kind("bird", _bird, True, (1.2, 1.8)),
    Kind("car", _car, True, (0.5, 1.0)),
    Kind("bus", _bus, True, (0.3, 0.6)),
    Kind("boat", _boat, True, (0.3, 0.6)),
    Kind("airplane", _airplane, True, (0.0, 0.0)),
    Kind("ball", _ball, False, (0.2, 0.5)),
    Kind("balloon", _balloon, False, (0.3, 0.6)),
    Kind("robot", _robot, False, (0.6, 1.0)),
    Kind("rocket", _rocket, False, (0.0, 0.0)),
)}


def draw_actor(image: np.ndarray, kind: Kind, box_px: tuple[float, float, float, float], colour, detail,
               phase: float, mirrored: bool) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """Draws ``kind`` filling ``box_px`` (x1, y1, x2, y2 in pixels, continuous) into image
    [H, W, 3]. Returns the silhouette mask over the returned pixel rectangle (i0, i1, j0, j1)."""
    height, width = image.shape[:2]
    bx1, by1, bx2, by2 = kind.bbox
    x1, y1, x2, y2 = box_px
    sx = (x2 - x1) / (bx2 - bx1)
    sy = (y2 - y1) / (by2 - by1)
    place = Placement(x2 + sx * bx1, y1 - sy * by1, -sx, sy) if mirrored else Placement(x1 - sx * bx1, y1 - sy * by1, sx, sy)
    j0, j1 = max(int(np.floor(x1 + 0.5)), 0), min(int(np.ceil(x2 - 0.5)), width)
    i0, i1 = max(int(np.floor(y1 + 0.5)), 0), min(int(np.ceil(y2 - 0.5)), height)
    region = (i0, i1, j0, j1)
    coverage = np.zeros((max(i1 - i0, 0), max(j1 - j0, 0)), bool)
    if i0 >= i1 or j0 >= j1:
        return coverage, region
    body, details = kind.parts(phase)
    paint(image, body, colour, place, clip=region, coverage=coverage)
    paint(image, details, detail, place, clip=region, coverage=coverage)
    return coverage, region
