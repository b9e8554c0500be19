"""Rendering a scene into frames, with each actor's true box per frame.

Static scenes are drawn directly at the output size. A scene with a camera move is drawn
as a static clip on a wider canvas (the union of the crop windows, ``camera.canvas_for``)
with each actor placed so that its box in the camera's view follows its path, and then
cropped by ``camera.camera_crop``, which moves the boxes the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .actors import KINDS, draw_actor
from .backdrops import paint_backdrop
from .camera import NULL_CAMERA, camera_boxes, camera_crop, canvas_for, union_of
from .palette import ACTOR_COLOURS, detail_colour
from .scene import Scene, sample_scene


@dataclass
class Clip:
    #: uint8 [F, H, W, 3]
    frames: np.ndarray
    caption: str
    phrases: list[str]
    #: character spans of the phrases in the caption, end exclusive
    spans: list[tuple[int, int]]
    #: float32 [N, F, 4]: x1, y1, x2, y2 normalised to the frame, the tight box of the
    #: actor's silhouette (pixel edges: x2 = (last column + 1) / width), clipped to the frame
    boxes: np.ndarray
    #: float32 [N, F]: share of the actor's silhouette that is seen (not behind another
    #: actor and inside the frame)
    visible: np.ndarray
    camera: tuple[float, float, float]
    kinds: list[str]
    colours: list[str]
    backdrop: str
    time: str
    seed: int

    @property
    def fps(self) -> int:
        return 8


def _tight_box(mask: np.ndarray, region: tuple[int, int, int, int], width: int, height: int) -> np.ndarray:
    i0, _, j0, _ = region
    rows = np.flatnonzero(mask.any(1))
    cols = np.flatnonzero(mask.any(0))
    if rows.size == 0:
        return np.zeros(4, np.float64)
    return np.array([(j0 + cols[0]) / width, (i0 + rows[0]) / height, (j0 + cols[-1] + 1) / width, (i0 + rows[-1] + 1) / height])


def draw(scene: Scene, backdrop: np.ndarray, placements: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Actors over a static backdrop uint8 [H, W, 3]; placements [N, F, 4] normalised to it.
    Returns frames [F, H, W, 3], tight boxes [N, F, 4], visible shares [N, F]."""
    height, width = backdrop.shape[:2]
    f, n = scene.frames, len(scene.actors)
    frames = np.empty((f, height, width, 3), np.uint8)
    frames[:] = backdrop
    boxes = np.zeros((n, f, 4))
    visible = np.zeros((n, f))
    px = placements * np.array([width, height, width, height])
    for k in range(f):
        owner = np.full((height, width), -1, np.int8)
        drawn = []
        for a in sorted(range(n), key=lambda a: (px[a, k, 3], a)):  # lower on screen = nearer = later
            actor = scene.actors[a]
            rgb = ACTOR_COLOURS[actor.colour]
            mask, region = draw_actor(frames[k], KINDS[actor.kind], tuple(px[a, k]), rgb, detail_colour(rgb),
                                      actor.phase0 + actor.omega * k, actor.mirrored)
            i0, i1, j0, j1 = region
            if mask.size:
                owner[i0:i1, j0:j1][mask] = a
            boxes[a, k] = _tight_box(mask, region, width, height)
            drawn.append((a, mask, region))
        for a, mask, (i0, i1, j0, j1) in drawn:
            total = int(mask.sum())
            visible[a, k] = (owner[i0:i1, j0:j1][mask] == a).sum() / total if total else 0.0
    return frames, boxes, visible


def render_scene(scene: Scene, width: int = 256, height: int = 144, oversample: float | None = None) -> Clip:
    """Frames and true boxes of a scene at width x height (its camera move included)."""
    placements = np.stack([a.placement for a in scene.actors])  # [N, F, 4] in the view
    if tuple(scene.camera) == NULL_CAMERA:
        backdrop = paint_backdrop(scene.backdrop, scene.params, scene.time, width, height, aspect=scene.aspect)
        frames, boxes, visible = draw(scene, backdrop, placements)
    else:
        view, cw, ch = canvas_for(scene.camera, scene.frames, width, height, oversample)
        windows = camera_boxes(scene.camera, scene.frames)  # [F, 4] in units of the first view
        u = union_of(windows)
        size = windows[:, 2:] - windows[:, :2]
        world = np.concatenate([windows[None, :, :2] + placements[..., :2] * size[None],
                                windows[None, :, :2] + placements[..., 2:] * size[None]], -1)
        on_canvas = (world - np.array([u[0], u[1], u[0], u[1]])) / np.array([u[2] - u[0], u[3] - u[1]] * 2)
        backdrop = paint_backdrop(scene.backdrop, scene.params, scene.time, cw, ch, view=view, aspect=scene.aspect)
        canvas, canvas_boxes, visible = draw(scene, backdrop, on_canvas)
        frames, boxes, share = camera_crop(canvas, scene.camera, width, height, canvas_boxes)
        visible = visible * share
    return Clip(frames, scene.caption, [a.phrase for a in scene.actors], [a.span for a in scene.actors],
                boxes.astype(np.float32), visible.astype(np.float32), tuple(scene.camera), [a.kind for a in scene.actors],
                [a.colour for a in scene.actors], scene.backdrop, scene.time, scene.seed)


def render_clip(seed: int, frames: int = 16, width: int = 256, height: int = 144,
                camera: str | tuple | None = None) -> Clip:
    """The clip of ``seed`` (see ``scene.clip_seed``): camera None (static), 'sample' or (cx, cy, cz)."""
    return render_scene(sample_scene(seed, frames, width / height, camera), width, height)
