"""The training data, drawn from the procedural previz world: static clips for the base,
moving/zooming crops (the paper's camera augmentation) for the camera module, and random
frame crops for the VAE. Train split only; the held-out split is for evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..world.palette import locator
from ..world.render import render_clip
from ..world.scene import clip_seed

VAE_CROP = (72, 128)  # height, width of the VAE's training crops: the VAE is fully convolutional
CAMERA_OFFSET = 1_000_000  # camera clips use other train seeds than static ones


@dataclass
class Sample:
    frames: np.ndarray  # uint8 [F, H, W, 3]
    caption: str
    camera: tuple[float, float, float]
    boxes: np.ndarray  # float32 [N, F, 4] the actors' true boxes, normalised x1, y1, x2, y2
    visible: np.ndarray  # float32 [N, F] the share of each actor that is seen
    spans: list[tuple[int, int]] = field(default_factory=list)  # each actor phrase's characters in the caption


def box_mask(boxes: np.ndarray, visible: np.ndarray, height: int, width: int) -> np.ndarray:
    """bool [F, height, width]: the cells of a height x width grid that an actor's box touches."""
    mask = np.zeros((boxes.shape[1], height, width), dtype=bool)
    for actor, seen in zip(boxes, visible):
        for f, (x1, y1, x2, y2) in enumerate(actor):
            if seen[f] > 0:
                mask[f, int(np.floor(y1 * height)):int(np.ceil(y2 * height)), int(np.floor(x1 * width)):int(np.ceil(x2 * width))] = True
    return mask


class WorldSource:
    def __init__(self, width: int, height: int, frames: int, data_seed: int = 0) -> None:
        self.width, self.height, self.frames = width, height, frames
        self.base = data_seed * 10_000_000

    def static_sample(self, index: int) -> Sample:
        clip = render_clip(clip_seed("train", self.base + index), self.frames, self.width, self.height)
        return Sample(clip.frames, clip.caption, (0.0, 0.0, 1.0), clip.boxes, clip.visible, list(clip.spans))

    def camera_sample(self, index: int) -> Sample:
        clip = render_clip(clip_seed("train", self.base + CAMERA_OFFSET + index), self.frames, self.width, self.height,
                           camera="sample")
        return Sample(clip.frames, clip.caption, tuple(float(v) for v in clip.camera),  # type: ignore[arg-type]
                      clip.boxes, clip.visible, list(clip.spans))

    def frame_crops(self, step: int, count: int) -> np.ndarray:
        """`count` random crops of random frames of a few clips (uint8 [count, h, w, 3])."""
        rng = np.random.default_rng(step)
        crops = []
        for i in range(count):
            if i % 4 == 0:  # a new clip every four crops
                clip = render_clip(clip_seed("train", self.base + 2 * CAMERA_OFFSET + step * count + i), 4, self.width, self.height,
                                   camera="sample" if rng.random() < 0.3 else None)
            frame = clip.frames[rng.integers(len(clip.frames))]
            y = rng.integers(0, self.height - VAE_CROP[0] + 1)
            x = rng.integers(0, self.width - VAE_CROP[1] + 1)
            crops.append(frame[y:y + VAE_CROP[0], x:x + VAE_CROP[1]])
        return np.stack(crops)

    @staticmethod
    def locator() -> dict:
        return locator()
