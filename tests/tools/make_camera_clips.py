"""Writes tests/fixtures/camera-clips/: clips of the built-in model's world with a KNOWN
camera move (the world's camera augmentation is the ground truth), plus textureless
clips, for the engine's camera estimator test (tests/unit/camera-clips.test.ts).

Run once from the repository root (numpy only; the world renders without torch):

    python3 tests/tools/make_camera_clips.py

The fixtures are generated once and committed: when the world changes they stay as they
are (regenerate them only on purpose). Each clip is rendered at the built-in model's size
(256x144, 16 frames), turned into luma (BT.601, the weights the engine's metrics use) and
box-averaged 2x2 to 128x72 so that the set stays small; the test scales it back up to
256x144 (each pixel repeated 2x2) and feeds the estimator RGB frames with r = g = b, so the
estimator sees the production frame size. Stored as one gzip file of uint8 [F, 72, 128] per
clip, with clips.json listing the true camera of each.
"""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "native-models"))

from directa_models.world.render import render_clip  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "camera-clips"
WIDTH, HEIGHT, FRAMES, SHRINK = 256, 144, 16, 2

#: (name, seed, camera): seeds from the train split, picked for a spread of backdrops
WORLD = [
    ("still-a", 101, (0.0, 0.0, 1.0)),
    ("still-b", 202, (0.0, 0.0, 1.0)),
    ("pan-right", 303, (0.5, 0.0, 1.0)),
    ("pan-left", 404, (-0.6, 0.0, 1.0)),
    ("tilt-down", 505, (0.0, 0.4, 1.0)),
    ("tilt-up", 606, (0.0, -0.5, 1.0)),
    ("zoom-in", 707, (0.0, 0.0, 1.6)),
    ("zoom-out", 808, (0.0, 0.0, 0.65)),
    ("combo-a", 909, (0.3, -0.25, 1.3)),
    ("combo-b", 1010, (-0.4, 0.3, 0.8)),
]


def luma(frames: np.ndarray) -> np.ndarray:
    return frames.astype(np.float64) @ np.array([0.299, 0.587, 0.114])


def shrink(gray: np.ndarray) -> np.ndarray:
    f, h, w = gray.shape
    small = gray.reshape(f, h // SHRINK, SHRINK, w // SHRINK, SHRINK).mean((2, 4))
    return np.clip(np.rint(small), 0, 255).astype(np.uint8)


def blank_clips() -> list[tuple[str, np.ndarray, str]]:
    """Frames with nothing to track: a constant pale blue and a smooth diagonal gradient."""
    pale = np.empty((FRAMES, HEIGHT, WIDTH, 3), np.uint8)
    pale[:] = (196, 214, 236)
    ys, xs = np.mgrid[0:HEIGHT, 0:WIDTH]
    ramp = 150 + 60 * (ys / HEIGHT) + 20 * (xs / WIDTH)
    gradient = np.repeat(np.stack([ramp * 0.8, ramp * 0.9, ramp], -1)[None], FRAMES, 0)
    return [("blank-pale", pale, "constant pale blue"), ("blank-gradient", np.rint(gradient).astype(np.uint8), "smooth gradient")]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    entries = []
    for name, seed, camera in WORLD:
        clip = render_clip(seed, FRAMES, WIDTH, HEIGHT, camera=None if camera == (0.0, 0.0, 1.0) else camera)
        data = shrink(luma(clip.frames))
        entries.append({"name": name, "camera": dict(zip(("cx", "cy", "cz"), camera)), "textured": True,
                        "source": f"world seed {seed}: {clip.caption} ({clip.backdrop}, {clip.time})"})
        (OUT / f"{name}.gray.gz").write_bytes(gzip.compress(data.tobytes(), 9, mtime=0))
    for name, frames, what in blank_clips():
        entries.append({"name": name, "camera": {"cx": 0.0, "cy": 0.0, "cz": 1.0}, "textured": False, "source": what})
        (OUT / f"{name}.gray.gz").write_bytes(gzip.compress(shrink(luma(frames)).tobytes(), 9, mtime=0))
    index = {"frames": FRAMES, "width": WIDTH // SHRINK, "height": HEIGHT // SHRINK, "scale": SHRINK,
             "format": "gzip of uint8 luma [frames, height, width]; scale up by `scale` for the production size",
             "clips": [{**e, "file": f"{e['name']}.gray.gz"} for e in entries]}
    (OUT / "clips.json").write_text(json.dumps(index, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(entries)} clips to {OUT.relative_to(ROOT)} ({total / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
