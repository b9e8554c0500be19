"""Colours of the blocking world.

Actors are drawn in one of ``ACTOR_COLOURS`` (saturated, far apart); every backdrop colour
is desaturated or dark so that it stays at least ``BACKDROP_MARGIN`` (RGB Euclidean
distance) from every actor colour. A colour locator that keeps the pixels within
``TOLERANCE`` of an actor colour therefore finds that actor and nothing of the backdrop
(the engine's ``locateColour``: the largest 4-connected blob within the tolerance).

Pairwise distances between actor colours are at least 110, so an actor's pixels are never
within the tolerance of another actor colour either. Small details inside actors (eyes,
windows, wheel hubs) use ``detail_colour`` (a dark shade), also outside every tolerance.
"""

from __future__ import annotations

import numpy as np

#: name -> RGB. The caption names the actor by this word ("a red car").
ACTOR_COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (215, 20, 30),
    "orange": (250, 120, 0),
    "yellow": (250, 235, 20),
    "green": (20, 185, 50),
    "cyan": (0, 200, 220),
    "blue": (25, 75, 230),
    "purple": (145, 40, 205),
    "pink": (250, 110, 190),
    "white": (248, 248, 248),
}

#: RGB distance within which a pixel counts as the actor colour (the manifest's locator tolerance).
TOLERANCE = 60.0
#: every backdrop pixel is at least this far from every actor colour (checked by the tests).
BACKDROP_MARGIN = 90.0

TIMES = ("day", "sunset", "night")

Colour = tuple[float, float, float]


def detail_colour(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """Dark shade used for an actor's small interior details."""
    return tuple(int(round(c * 0.3)) for c in rgb)  # type: ignore[return-value]


def at_time(rgb: Colour, time: str) -> np.ndarray:
    """A day colour of the backdrop as seen at ``time``: sunset warms and dims it, night
    darkens it and shifts it to blue."""
    c = np.asarray(rgb, dtype=np.float32)
    if time == "sunset":
        c = c * np.array([0.92, 0.76, 0.66], np.float32) + np.array([12, 4, 4], np.float32)
    elif time == "night":
        c = c * np.array([0.32, 0.36, 0.45], np.float32) + np.array([4, 6, 18], np.float32)
    elif time != "day":
        raise ValueError(f"unknown time of day {time!r}")
    return np.clip(c, 0, 255)


#: sky gradients (zenith, horizon) per time of day
SKY = {
    "day": ((95, 150, 205), (170, 200, 222)),
    "sunset": ((92, 82, 128), (210, 158, 115)),
    "night": ((8, 12, 32), (30, 42, 78)),
}
SUN = {"day": (225, 215, 160), "sunset": (232, 182, 132)}
MOON = (200, 200, 175)
STAR = (160, 162, 182)
CLOUD = {"day": (182, 190, 206), "sunset": (172, 138, 140), "night": (40, 46, 70)}


def locator() -> dict:
    """The package manifest's ``locator`` entry for models trained on this world."""
    return {"kind": "colour", "tolerance": TOLERANCE,
            "colours": {name: list(rgb) for name, rgb in ACTOR_COLOURS.items()}}


def distance_to_actor_colours(image: np.ndarray) -> np.ndarray:
    """Per pixel, the RGB distance to the nearest actor colour ([..., 3] -> [...])."""
    palette = np.array(list(ACTOR_COLOURS.values()), np.float32)
    flat = image.reshape(-1, 3).astype(np.float32)
    d = np.sqrt(((flat[:, None, :] - palette[None, :, :]) ** 2).sum(-1)).min(1)
    return d.reshape(image.shape[:-1])
