"""Clips of the blocking world as data: seeds and splits, the random scene (backdrop, time
of day, one to three coloured actors with their paths), the caption grammar and the
vocabulary.

Every random choice of a clip comes from numpy Generators seeded from the clip's seed,
which is a function of (split, index): the train split uses seeds [0, 2^31), the held-out
split [2^31, 2^32), so they never share one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .actors import KINDS
from .backdrops import BACKDROPS, PLACES, sample_backdrop
from .texture import texture_params
from .camera import NULL_CAMERA, sample_camera
from .palette import ACTOR_COLOURS, TIMES

SPLITS = {"train": 0, "heldout": 2**31}
SPLIT_SIZE = 2**31
MAX_ACTORS = 3

#: how the caption says the time of day ("" = not said); space never says it
TIME_PHRASES = {
    "day": ("", "", "in the day", "during the day", "in daylight"),
    "sunset": ("at sunset", "at dusk"),
    "night": ("at night",),
}

# the same pattern as the package's word tokenizer (directa_models.text.WORD_PATTERN)
_WORDS = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")


def clip_seed(split: str, index: int) -> int:
    """The seed of clip ``index`` of ``split`` ('train' or 'heldout'); disjoint ranges."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r} (expected one of {', '.join(SPLITS)})")
    if not 0 <= index < SPLIT_SIZE:
        raise ValueError(f"clip index {index} out of range [0, 2^31)")
    return SPLITS[split] + int(index)


def split_of(seed: int) -> str:
    return "train" if seed < SPLITS["heldout"] else "heldout"


def generators(seed: int) -> tuple[np.random.Generator, np.random.Generator, np.random.Generator]:
    """Independent streams of a clip: (scene, caption, camera). The camera has its own so that
    the same seed gives the same scene with or without a camera move."""
    return tuple(np.random.default_rng([seed, stream]) for stream in range(3))  # type: ignore[return-value]


@dataclass(frozen=True)
class Actor:
    kind: str
    colour: str
    #: "red car": the words of the caption that name it
    phrase: str
    #: character span of the phrase in the caption, end exclusive
    span: tuple[int, int]
    #: where the actor is drawn in each frame of the (camera's) view, normalised [F, 4]
    placement: np.ndarray = field(repr=False)
    curved: bool = False
    mirrored: bool = False
    phase0: float = 0.0
    omega: float = 0.0


@dataclass(frozen=True)
class Scene:
    seed: int
    frames: int
    aspect: float
    backdrop: str
    time: str
    params: dict = field(repr=False)
    actors: tuple[Actor, ...]
    caption: str
    camera: tuple[float, float, float] = NULL_CAMERA


def _bezier_by_length(p0: np.ndarray, c: np.ndarray, p1: np.ndarray, frames: int, scale: np.ndarray) -> np.ndarray:
    """``frames`` points along the quadratic Bezier p0-c-p1 at constant speed (arc length
    measured with x, y scaled by ``scale``)."""
    u = np.linspace(0, 1, 257)[:, None]
    pts = (1 - u) ** 2 * p0 + 2 * u * (1 - u) * c + u**2 * p1
    seg = np.sqrt((((pts[1:] - pts[:-1]) * scale) ** 2).sum(1))
    length = np.concatenate([[0.0], np.cumsum(seg)])
    if length[-1] <= 1e-12:
        return np.repeat(p0[None], frames, 0)
    target = np.linspace(0, length[-1], frames)
    return np.stack([np.interp(target, length, pts[:, d]) for d in range(2)], 1)


def _sample_path(rng: np.random.Generator, kind_aspect: float, aspect: float, frames: int) -> tuple[np.ndarray, bool]:
    """Boxes [F, 4] of one actor in view coordinates: size by sqrt(area) in frame heights,
    growing or shrinking linearly, centre along a straight or curved path at constant speed,
    kept inside the frame."""
    size = rng.uniform(0.2, 0.45)
    growth = 2.0 ** rng.uniform(-0.7, 0.7)
    sizes = np.clip(np.array([size / math.sqrt(growth), size * math.sqrt(growth)]), 0.12, 0.6)
    heights = sizes / math.sqrt(kind_aspect)
    widths = sizes * math.sqrt(kind_aspect) / aspect
    fit = np.minimum(1.0, np.minimum(0.85 / heights, 0.7 / widths))  # tall or wide kinds stay in frame
    heights, widths = heights * fit, widths * fit
    half = np.stack([widths, heights], 1) / 2  # [2, 2]: (start, end) x (w/2, h/2)
    p0 = rng.uniform(half[0], 1 - half[0])
    scale = np.array([aspect, 1.0])  # isotropic distances
    if rng.random() < 0.15:
        dist = rng.uniform(0.0, 0.08)
    else:
        dist = rng.uniform(0.15, 0.9)
    angle = rng.uniform(0, 2 * math.pi)
    p1 = np.clip(p0 + dist * np.array([math.cos(angle), math.sin(angle)]) / scale, half[1], 1 - half[1])
    curved = bool(rng.random() < 0.5)
    if curved:
        d = (p1 - p0) * scale
        normal = np.array([-d[1], d[0]]) / scale
        lo, hi = half.max(0), 1 - half.max(0)
        ctrl = np.clip((p0 + p1) / 2 + normal * rng.uniform(-0.8, 0.8), lo, np.maximum(hi, lo))
        centres = _bezier_by_length(p0, ctrl, p1, frames, scale)
    else:
        t = np.linspace(0, 1, frames)[:, None]
        centres = p0 + (p1 - p0) * t
    t = np.linspace(0, 1, frames)
    wh = np.stack([widths[0] + (widths[1] - widths[0]) * t, heights[0] + (heights[1] - heights[0]) * t], 1)
    centres = np.clip(centres, wh / 2, 1 - wh / 2)
    return np.concatenate([centres - wh / 2, centres + wh / 2], 1), curved


def article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def compose_caption(rng: np.random.Generator, named: list[tuple[str, str]], backdrop: str, time: str) -> tuple[str, list[tuple[int, int]]]:
    """Caption naming every (colour, kind) and the place, and each phrase's span."""
    place = str(rng.choice(PLACES[backdrop]))
    when = "" if backdrop == "space" else str(rng.choice(TIME_PHRASES[time]))
    front = bool(when) and rng.random() < 0.3
    text = f"{when}, " if front else ""
    spans = []
    for i, (colour, kind) in enumerate(named):
        if i > 0:
            text += " and " if i == len(named) - 1 else ", "
        text += article(colour) + " "
        spans.append((len(text), len(text) + len(colour) + 1 + len(kind)))
        text += f"{colour} {kind}"
    text += f" {place}"
    if when and not front:
        text += f" {when}"
    return text, spans


def sample_scene(seed: int, frames: int = 16, aspect: float = 16 / 9, camera: str | tuple | None = None) -> Scene:
    """The scene of clip ``seed``. camera: None (static), 'sample' (the paper's training
    distribution, from the clip's camera stream) or (cx, cy, cz)."""
    rng, words, cam_rng = generators(seed)
    backdrop = BACKDROPS[int(rng.integers(len(BACKDROPS)))]
    time = TIMES[int(rng.integers(len(TIMES)))]
    params = {**sample_backdrop(backdrop, rng, aspect), "texture": texture_params(np.random.default_rng([seed, 3]), aspect)}
    count = int(rng.choice([1, 2, 3], p=[0.4, 0.35, 0.25]))
    colours = [list(ACTOR_COLOURS)[i] for i in rng.choice(len(ACTOR_COLOURS), count, replace=False)]
    kinds = [list(KINDS)[int(i)] for i in rng.integers(len(KINDS), size=count)]
    caption, spans = compose_caption(words, list(zip(colours, kinds)), backdrop, time)
    actors = []
    for colour, kind, span in zip(colours, kinds, spans):
        k = KINDS[kind]
        boxes, curved = _sample_path(rng, k.aspect, aspect, frames)
        dx = (boxes[-1, 0] + boxes[-1, 2]) - (boxes[0, 0] + boxes[0, 2])
        mirrored = k.flips and (dx < -0.01 or (abs(dx) <= 0.01 and rng.random() < 0.5))
        moving = float(np.abs(boxes[-1] - boxes[0]).max()) > 0.05
        omega = float(rng.uniform(*k.omega)) * (1.0 if moving else 0.3)
        actors.append(Actor(kind, colour, f"{colour} {kind}", span, boxes.astype(np.float64), curved, bool(mirrored),
                            float(rng.uniform(0, 2 * math.pi)), omega))
    if camera is None:
        cam = NULL_CAMERA
    elif camera == "sample":
        cam = sample_camera(cam_rng)
    else:
        cam = tuple(float(v) for v in camera)
    return Scene(seed, frames, aspect, backdrop, time, params, tuple(actors), caption, cam)  # type: ignore[arg-type]


def caption_strings() -> list[str]:
    """Every fixed string a caption is made of."""
    strings = ["a", "an", "and", ","]
    strings += list(ACTOR_COLOURS) + list(KINDS)
    for places in PLACES.values():
        strings += list(places)
    for phrases in TIME_PHRASES.values():
        strings += [p for p in phrases if p]
    return strings


def vocabulary() -> list[str]:
    """All tokens (word tokenizer rules) the captions can use, sorted."""
    return sorted({w for s in caption_strings() for w in _WORDS.findall(s.lower())})


def tokens(text: str) -> list[str]:
    return _WORDS.findall(text.lower())
