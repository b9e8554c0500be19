"""Backdrops: flat-shaded compositions (sky gradient, ground band, a few shapes) in a
day, sunset and night variant each, painted with numpy
(painters in ``nature.py`` and ``built.py``, shared pieces in ``canvas.py``).

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

from .built import city_params, paint_city, paint_room, paint_space, room_params, space_params
from .canvas import Canvas
from .texture import apply_texture
from .nature import (beach_params, desert_params, forest_params, grass_params, mountain_params, ocean_params,
                     paint_beach, paint_desert, paint_forest, paint_grass, paint_mountains, paint_ocean, paint_snow,
                     snow_params)

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


PAINTERS: dict[str, tuple[Callable, Callable]] = {
    "beach": (beach_params, paint_beach),
    "desert": (desert_params, paint_desert),
    "snowy field": (snow_params, paint_snow),
    "grass field": (grass_params, paint_grass),
    "city street": (city_params, paint_city),
    "ocean": (ocean_params, paint_ocean),
    "space": (space_params, paint_space),
    "room": (room_params, paint_room),
    "forest": (forest_params, paint_forest),
    "mountains": (mountain_params, paint_mountains),
}


def sample_backdrop(name: str, rng: np.random.Generator, aspect: float) -> dict:
    """The backdrop's parameters for one clip."""
    return PAINTERS[name][0](rng, aspect)


def paint_backdrop(name: str, params: dict, time: str, width: int, height: int,
                   view: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0), aspect: float = 16 / 9) -> np.ndarray:
    """The backdrop over world region ``view`` (x1, y1, x2, y2) at width x height -> uint8 [H, W, 3]."""
    c = Canvas(width, height, view, aspect)
    PAINTERS[name][1](c, time, params)
    if "texture" in params:
        apply_texture(c, params["texture"])
    return np.clip(np.rint(c.image), 0, 255).astype(np.uint8)
