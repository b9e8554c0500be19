"""Surface texture over every backdrop, so that a camera move shows everywhere in the frame.

The painted backdrops are flat along x (a sky gradient over a ground band): a pan shows
only through the few shapes and the actors, too weak a signal for a small model to learn
camera moves from (see shared/MEASUREMENTS.md: texture decides). This layer shades every
pixel by a function of its world position:

* a smooth field, a sum of plane waves at irregular directions and wavelengths of 0.06-0.35
  view heights (9-50 pixels at 144 rows: 1-6 latent pixels), and
* landmarks: small patches (0.02-0.08 view heights) scattered at random over the world,
  about ``LANDMARKS_PER_VIEW`` per view area.

Light colours are darkened and dark ones (night, space) lightened, so both show detail. A
pixel whose shaded colour would come within ``BACKDROP_MARGIN`` of an actor colour is
darkened instead, or keeps its painted colour, so the colour locator still finds the
actors and nothing else.
Parameters come from the clip's own generator stream (``scene.generators``' texture
stream), so a clip is the same with and without a camera move.
"""

from __future__ import annotations

import numpy as np

from .canvas import Canvas, X_RANGE
from .palette import ACTOR_COLOURS, BACKDROP_MARGIN

WAVES = 10
LANDMARKS_PER_VIEW = 24
#: world y range that camera canvases can show (cy up to ±1, zoom-out to 2x)
Y_RANGE = (-1.6, 2.6)
DARKEN = 0.4  # the most a light colour is darkened (share)
LIGHTEN = 48.0  # the most a dark colour is lightened (RGB levels)


def texture_params(rng: np.random.Generator, aspect: float) -> dict:
    """The texture of one clip: plane waves and landmarks in isotropic world units."""
    angle = rng.uniform(0, np.pi, WAVES)
    wavelength = np.exp(rng.uniform(np.log(0.06), np.log(0.35), WAVES))
    k = 2 * np.pi / wavelength
    waves = np.stack([k * np.cos(angle), k * np.sin(angle), rng.uniform(0, 2 * np.pi, WAVES),
                      rng.uniform(0.5, 1.0, WAVES)], 1)
    area = (X_RANGE[1] - X_RANGE[0]) * (Y_RANGE[1] - Y_RANGE[0])  # in view areas (x in view widths)
    n = int(rng.poisson(LANDMARKS_PER_VIEW * area))
    xs = rng.uniform(X_RANGE[0] * aspect, X_RANGE[1] * aspect, n)
    ys = rng.uniform(*Y_RANGE, n)
    rx = np.exp(rng.uniform(np.log(0.02), np.log(0.08), n))
    ry = rx * np.exp(rng.uniform(-0.7, 0.7, n))
    depth = rng.uniform(0.6, 1.0, n)
    return {"waves": waves, "landmarks": np.stack([xs, ys, rx, ry, depth], 1)}


def shade_field(c: Canvas, p: dict) -> np.ndarray:
    """How strongly each pixel is shaded, 0..1 -> [H, W]."""
    xs, ys = c.xs[None, :], c.y[:, None]
    waves = p["waves"]
    field = np.zeros((c.height, c.width), np.float32)
    for kx, ky, phase, amp in waves:
        field += np.float32(amp) * np.sin(np.float32(kx) * xs + np.float32(ky) * ys + np.float32(phase))
    field = 0.5 + 0.5 * field / np.float32(waves[:, 3].sum() ** 0.5 * 1.5)
    shade = np.clip(field, 0, 1) * np.float32(0.6)
    x_lo, x_hi = float(c.xs[0]), float(c.xs[-1])
    y_lo, y_hi = float(c.y[0]), float(c.y[-1])
    for x, y, rx, ry, depth in p["landmarks"]:
        if x + rx < x_lo or x - rx > x_hi or y + ry < y_lo or y - ry > y_hi:
            continue
        j = slice(*np.searchsorted(c.xs, (x - rx, x + rx)))
        i = slice(*np.searchsorted(c.y, (y - ry, y + ry)))
        inside = ((c.xs[None, j] - x) / rx) ** 2 + ((c.y[i, None] - y) / ry) ** 2 <= 1
        region = shade[i, j]
        region[inside] = np.float32(depth)
    return shade


def _near_actor_colours(image: np.ndarray) -> np.ndarray:
    near = np.zeros(image.shape[:2], bool)
    for colour in np.asarray(list(ACTOR_COLOURS.values()), np.float32):
        near |= ((image - colour) ** 2).sum(axis=2) < BACKDROP_MARGIN**2
    return near


def apply_texture(c: Canvas, p: dict) -> None:
    """Shade the painted image in place (see the module's docstring). Where the shaded colour
    would come near an actor colour, the pixel is darkened instead, or else left as painted."""
    image = c.image
    shade = shade_field(c, p)[..., None]
    bright = image.max(axis=2, keepdims=True)
    dark = (bright < 100.0).astype(np.float32)  # lighten dark colours, darken light ones (a blend would cancel out)
    shaded = image * (1 - DARKEN * shade * (1 - dark)) + LIGHTEN * shade * dark
    darker = image * (1 - DARKEN * shade)
    shaded = np.where(_near_actor_colours(shaded)[..., None], darker, shaded)
    c.image = np.where(_near_actor_colours(shaded)[..., None], image, shaded)
