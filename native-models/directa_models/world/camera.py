"""The camera augmentation of Direct-a-Video: a static clip cropped by a moving/zooming
window becomes a clip with a known camera move (cx, cy, cz).

As in the paper's official training code: the crop box goes linearly from the full frame
``[0, 0, 1, 1]`` to ``[cx + (1 - 1/cz)/2, cy + (1 - 1/cz)/2, cx + (1 + 1/cz)/2, cy + (1 + 1/cz)/2]``
(units of the first frame), all boxes are then renormalised by their union (x and y each
by the union's own extent), and each frame's window is resampled to the output size.
cx > 0 pans right (content moves left by cx output widths over the clip), cy > 0 pans
down, cz > 1 zooms in (the last frame shows 1/cz of the first one's width).

Renormalising by the union maps the whole input frame onto the union of the windows. If
the input is a render of the same world that covers that union at the same aspect (a
"wider render": ``canvas_for``), the windows keep the output's aspect and nothing is
stretched; on an arbitrary input (a video of the output's aspect) the paper's rule
stretches pans, as the official code does.

Resampling is separable, bilinear (``align_corners=False`` sample positions) when the
window is at most the output size and a triangle (tent) filter as wide as the scale when it
is larger (antialiasing, like torch's ``antialias=True``), so a window that is exactly the
output size at an integer offset copies pixels exactly.
"""

from __future__ import annotations

import math

import numpy as np

NULL_CAMERA = (0.0, 0.0, 1.0)


def sample_camera(rng: np.random.Generator) -> tuple[float, float, float]:
    """The paper's training distribution: cx, cy = 0 w.p. 1/3 else U(-1, 1) (each on its own),
    cz = 1 w.p. 1/3 else 2^U(-1, 1)."""
    cx = 0.0 if rng.random() < 1 / 3 else float(rng.uniform(-1, 1))
    cy = 0.0 if rng.random() < 1 / 3 else float(rng.uniform(-1, 1))
    cz = 1.0 if rng.random() < 1 / 3 else float(2.0 ** rng.uniform(-1, 1))
    return cx, cy, cz


def camera_boxes(camera: tuple[float, float, float], frames: int) -> np.ndarray:
    """The paper's crop boxes in units of the first frame (before renormalisation) -> [F, 4]."""
    cx, cy, cz = camera
    end = np.array([cx + (1 - 1 / cz) / 2, cy + (1 - 1 / cz) / 2, cx + (1 + 1 / cz) / 2, cy + (1 + 1 / cz) / 2])
    start = np.array([0.0, 0.0, 1.0, 1.0])
    t = np.linspace(0.0, 1.0, frames)[:, None] if frames > 1 else np.zeros((1, 1))
    return start + (end - start) * t


def union_of(boxes: np.ndarray) -> np.ndarray:
    return np.array([boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()])


def camera_windows(camera: tuple[float, float, float], frames: int) -> np.ndarray:
    """Crop windows renormalised by their union, as fractions of the input frame -> [F, 4]."""
    boxes = camera_boxes(camera, frames)
    u = union_of(boxes)
    scale = np.array([u[2] - u[0], u[3] - u[1]] * 2)
    return (boxes - np.array([u[0], u[1], u[0], u[1]])) / scale


def canvas_for(camera: tuple[float, float, float], frames: int, width: int, height: int,
               oversample: float | None = None, max_pixels: int = 1_000_000) -> tuple[tuple[float, float, float, float], int, int]:
    """The world region (units of the first frame) and pixel size of a static render that
    the crop turns into a width x height clip without stretching: the union of the boxes, at
    ``oversample`` x the output's pixel density (default max(1, cz), so that no window is
    smaller than the output), capped at ``max_pixels``."""
    u = union_of(camera_boxes(camera, frames))
    q = max(1.0, camera[2]) if oversample is None else oversample
    uw, uh = u[2] - u[0], u[3] - u[1]
    q = min(q, math.sqrt(max_pixels / (width * height * uw * uh)))
    return (float(u[0]), float(u[1]), float(u[2]), float(u[3])), max(int(round(width * uw * q)), 1), max(int(round(height * uh * q)), 1)


def _taps(src_len: int, start: float, size: float, out_len: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and weights [out_len, taps] resampling source pixels [start, start + size) (in
    pixels) to out_len pixels."""
    scale = size / out_len
    support = max(1.0, scale)
    centres = start + (np.arange(out_len) + 0.5) * scale - 0.5
    n = int(math.ceil(2 * support)) + 1
    first = np.floor(centres - support).astype(np.int64) + 1
    idx = first[:, None] + np.arange(n)[None, :]
    w = np.maximum(0.0, 1.0 - np.abs(idx - centres[:, None]) / support)
    w /= w.sum(1, keepdims=True)
    return np.clip(idx, 0, src_len - 1), w.astype(np.float32)


def resample_window(frame: np.ndarray, window: np.ndarray, width: int, height: int) -> np.ndarray:
    """frame [H, W, C] (any dtype), window [x1, y1, x2, y2] as fractions -> float32 [height, width, C]."""
    src_h, src_w = frame.shape[:2]
    x1, y1, x2, y2 = window
    iy, wy = _taps(src_h, y1 * src_h, (y2 - y1) * src_h, height)
    ix, wx = _taps(src_w, x1 * src_w, (x2 - x1) * src_w, width)
    j0, j1 = int(ix.min()), int(ix.max()) + 1
    ix = ix - j0
    rows = wy[:, 0, None, None] * frame[iy[:, 0], j0:j1].astype(np.float32)
    for t in range(1, iy.shape[1]):
        rows += wy[:, t, None, None] * frame[iy[:, t], j0:j1]
    out = wx[None, :, 0, None] * rows[:, ix[:, 0]]
    for t in range(1, ix.shape[1]):
        out += wx[None, :, t, None] * rows[:, ix[:, t]]
    return out

def transform_boxes(boxes: np.ndarray, windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Boxes [..., F, 4] normalised to the input frame -> (boxes normalised to each frame's
    window and clipped to it, share of each box's area inside its window [..., F])."""
    w = windows
    size = np.concatenate([w[:, 2:] - w[:, :2]] * 2, axis=-1)
    out = (boxes - np.concatenate([w[:, :2]] * 2, axis=-1)) / size
    area = np.maximum(out[..., 2] - out[..., 0], 0) * np.maximum(out[..., 3] - out[..., 1], 0)
    clipped = np.clip(out, 0.0, 1.0)
    inside = np.maximum(clipped[..., 2] - clipped[..., 0], 0) * np.maximum(clipped[..., 3] - clipped[..., 1], 0)
    share = np.where(area > 0, inside / np.maximum(area, 1e-12), 0.0)
    return clipped, share


def camera_crop(frames: np.ndarray, camera: tuple[float, float, float], width: int, height: int,
                boxes: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
    """The camera augmentation: frames uint8 [F, H, W, 3] of a static clip -> (frames uint8
    [F, height, width, 3] seen by the moving camera, boxes [N, F, 4] transformed the same way
    (clipped to the frame) or None, share of each box inside the frame [N, F] or None)."""
    f = frames.shape[0]
    windows = camera_windows(camera, f)
    out = np.empty((f, height, width, frames.shape[-1]), np.uint8)
    for k in range(f):
        out[k] = np.clip(np.rint(resample_window(frames[k], windows[k], width, height)), 0, 255)
    if boxes is None:
        return out, None, None
    moved, share = transform_boxes(np.asarray(boxes, np.float64), windows)
    return out, moved.astype(np.float32), share.astype(np.float32)
