"""Clips of the blocking world for a torch training loop: generated on the fly from
(split, index), or read back from a cache written with ``write_cache``.

Every item is a dict that torch's default collate can batch:

* ``video``: float32 [3, F, H, W] in [-1, 1] (or ``frames``: uint8 [F, H, W, 3] with ``as_video=False``)
* ``caption``: str; ``phrases``: MAX_ACTORS strs ('' past the clip's actors); ``spans``: int64 [MAX_ACTORS, 2]
* ``boxes``: float32 [MAX_ACTORS, F, 4] (zeros past the clip's actors); ``visible``: float32 [MAX_ACTORS, F]
* ``num_actors``: int64; ``camera``: float32 [3] (cx, cy, cz); ``seed``: int64

Prompt dropout (the paper's 5% empty prompts) and timesteps are the trainer's business.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import torch
from torch.utils.data import Dataset

from .render import Clip, render_clip
from .scene import MAX_ACTORS, SPLIT_SIZE, clip_seed


def iterate(split: str = "train", start: int = 0, stop: int | None = None, frames: int = 16, width: int = 256,
            height: int = 144, camera: str | tuple | None = None) -> Iterator[Clip]:
    """Clips start, start + 1, ... of a split (endless when stop is None)."""
    index = start
    while stop is None or index < stop:
        yield render_clip(clip_seed(split, index), frames, width, height, camera)
        index += 1


def _item(frames: np.ndarray, caption: str, phrases: list[str], spans, boxes: np.ndarray, visible: np.ndarray,
          camera, seed: int, as_video: bool) -> dict:
    n, f = boxes.shape[:2]
    padded_boxes = np.zeros((MAX_ACTORS, f, 4), np.float32)
    padded_boxes[:n] = boxes
    padded_visible = np.zeros((MAX_ACTORS, f), np.float32)
    padded_visible[:n] = visible
    padded_spans = np.zeros((MAX_ACTORS, 2), np.int64)
    padded_spans[:n] = np.asarray(spans, np.int64).reshape(n, 2)
    item = {
        "caption": caption,
        "phrases": list(phrases) + [""] * (MAX_ACTORS - n),
        "spans": torch.from_numpy(padded_spans),
        "boxes": torch.from_numpy(padded_boxes),
        "visible": torch.from_numpy(padded_visible),
        "num_actors": torch.tensor(n, dtype=torch.int64),
        "camera": torch.tensor(camera, dtype=torch.float32),
        "seed": torch.tensor(seed, dtype=torch.int64),
    }
    video = torch.from_numpy(np.ascontiguousarray(frames))
    if as_video:
        item["video"] = video.permute(3, 0, 1, 2).float().div_(127.5).sub_(1.0)
    else:
        item["frames"] = video
    return item


class WorldClips(Dataset):
    """Clips ``start`` .. ``start + length`` of ``split``, rendered on demand (deterministic:
    item i is always the same clip, in any worker). camera: None (static clips), 'sample'
    (the paper's camera augmentation, drawn per clip) or a fixed (cx, cy, cz)."""

    def __init__(self, split: str = "train", length: int = 100_000, start: int = 0, frames: int = 16,
                 width: int = 256, height: int = 144, camera: str | tuple | None = None, as_video: bool = True) -> None:
        if start < 0 or length < 0 or start + length > SPLIT_SIZE:
            raise ValueError("clip range out of the split")
        clip_seed(split, start)
        self.split, self.length, self.start = split, length, start
        self.frames, self.width, self.height = frames, width, height
        self.camera, self.as_video = camera, as_video

    def __len__(self) -> int:
        return self.length

    def clip(self, index: int) -> Clip:
        if not 0 <= index < self.length:
            raise IndexError(index)
        return render_clip(clip_seed(self.split, self.start + index), self.frames, self.width, self.height, self.camera)

    def __getitem__(self, index: int) -> dict:
        c = self.clip(index)
        return _item(c.frames, c.caption, c.phrases, c.spans, c.boxes, c.visible, c.camera, c.seed, self.as_video)


def write_cache(path: Path | str, split: str = "train", count: int = 1000, start: int = 0, frames: int = 16,
                width: int = 256, height: int = 144, camera: str | tuple | None = None) -> Path:
    """Renders ``count`` clips into one .npz (frames compressed per clip, read lazily)."""
    path = Path(path)
    arrays: dict[str, np.ndarray] = {}
    captions, phrases, spans, boxes, visible, cams, seeds, counts = [], [], [], [], [], [], [], []
    for i, c in enumerate(iterate(split, start, start + count, frames, width, height, camera)):
        arrays[f"frames_{i}"] = c.frames
        n = len(c.phrases)
        captions.append(c.caption)
        phrases.append(c.phrases + [""] * (MAX_ACTORS - n))
        s = np.zeros((MAX_ACTORS, 2), np.int64)
        s[:n] = c.spans
        spans.append(s)
        b = np.zeros((MAX_ACTORS, frames, 4), np.float32)
        b[:n] = c.boxes
        boxes.append(b)
        v = np.zeros((MAX_ACTORS, frames), np.float32)
        v[:n] = c.visible
        visible.append(v)
        cams.append(c.camera)
        seeds.append(c.seed)
        counts.append(n)
    np.savez_compressed(path, captions=np.array(captions), phrases=np.array(phrases), spans=np.array(spans),
                        boxes=np.array(boxes), visible=np.array(visible), cameras=np.array(cams, np.float32),
                        seeds=np.array(seeds, np.int64), num_actors=np.array(counts, np.int64),
                        size=np.array([frames, height, width], np.int64), **arrays)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


class CachedClips(Dataset):
    """Items (same format as WorldClips) from a ``write_cache`` file."""

    def __init__(self, path: Path | str, as_video: bool = True) -> None:
        self.path = Path(path)
        self.as_video = as_video
        with np.load(self.path) as z:
            self.meta = {k: z[k] for k in ("captions", "phrases", "spans", "boxes", "visible", "cameras", "seeds", "num_actors")}
        self._file = None
        self._pid = None

    def __len__(self) -> int:
        return len(self.meta["captions"])

    def _frames(self, index: int) -> np.ndarray:
        if self._file is None or self._pid != os.getpid():  # one handle per worker process
            self._file = np.load(self.path)
            self._pid = os.getpid()
        return self._file[f"frames_{index}"]

    def __getitem__(self, index: int) -> dict:
        if not 0 <= index < len(self):
            raise IndexError(index)
        m = self.meta
        n = int(m["num_actors"][index])
        return _item(self._frames(index), str(m["captions"][index]), [str(p) for p in m["phrases"][index][:n]],
                     m["spans"][index][:n], m["boxes"][index][:n], m["visible"][index][:n],
                     tuple(float(v) for v in m["cameras"][index]), int(m["seeds"][index]), self.as_video)
