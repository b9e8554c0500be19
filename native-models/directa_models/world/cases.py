"""Held-out evaluation cases: ShotSpec JSON (electron/engine/spec.ts) built from held-out
clips of the blocking world, mixing camera-only, boxes-only and both.

    python -m directa_models.world.cases --count 120 --out CASES.json

Case i uses held-out clip ``start + i``; its mode cycles camera, boxes, both. Camera moves
are drawn from the paper's distribution, excluding near-null moves; object boxes are the
clip's true first and last boxes (in the camera's view), with the actor's path as points
when it is curved. The prompt is the clip's caption and the seed is the clip's seed.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np

from .camera import NULL_CAMERA, sample_camera
from .render import render_scene
from .scene import clip_seed, generators, sample_scene

MODES = ("camera", "boxes", "both")
ASPECT = {"width": 256, "height": 144}


def moving_camera(rng: np.random.Generator) -> tuple[float, float, float]:
    """The paper's distribution, redrawn until the move is visible."""
    while True:
        cx, cy, cz = sample_camera(rng)
        if max(abs(cx), abs(cy)) >= 0.15 or abs(math.log2(cz)) >= 0.2:
            return cx, cy, cz


def _r(v: float) -> float:
    return round(float(v), 4)


def _box(b: np.ndarray) -> list[float]:
    x1, y1, x2, y2 = (min(max(_r(v), 0.0), 1.0) for v in b)
    return [x1, y1, x2, y2]


def make_case(index: int, mode: str, frames: int = 16) -> dict:
    seed = clip_seed("heldout", index)
    camera = moving_camera(generators(seed)[2]) if mode in ("camera", "both") else NULL_CAMERA
    scene = sample_scene(seed, frames, ASPECT["width"] / ASPECT["height"], camera)
    objects = []
    if mode in ("boxes", "both"):
        clip = render_scene(scene, ASPECT["width"], ASPECT["height"])
        for a, actor in enumerate(scene.actors):
            centres = (actor.placement[:, :2] + actor.placement[:, 2:]) / 2
            path = [[_r(x), _r(y)] for x, y in centres] if actor.curved else None
            objects.append({"phrase": actor.phrase, "span": list(actor.span),
                            "keyframes": [{"frame": 0, "box": _box(clip.boxes[a, 0])},
                                          {"frame": frames - 1, "box": _box(clip.boxes[a, -1])}],
                            "path": path})
    spec = {
        "version": 1, "modelId": None, "prompt": scene.caption, "negativePrompt": "",
        "camera": {"cx": _r(camera[0]), "cy": _r(camera[1]), "cz": _r(camera[2])},
        "seed": seed,
        "sampler": {"scheduler": "ddim", "steps": None, "guidance": None},
        "durationFrames": frames, "fps": {"num": 8, "den": 1}, "aspect": dict(ASPECT),
        "objects": objects,
    }
    return {"name": f"heldout-{index:05d}-{mode}", "spec": spec}


def make_cases(count: int, start: int = 0, frames: int = 16) -> list[dict]:
    return [make_case(start + i, MODES[i % len(MODES)], frames) for i in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directa_models.world.cases", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=120, help="number of cases (default 120)")
    parser.add_argument("--start", type=int, default=0, help="first held-out clip index (default 0)")
    parser.add_argument("--frames", type=int, default=16, help="frames per clip (default 16)")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args(argv)
    cases = make_cases(args.count, args.start, args.frames)
    args.out.write_text(json.dumps(cases, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(cases)} cases to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
