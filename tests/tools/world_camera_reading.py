"""How readable the built-in model's WORLD is to the engine's camera estimator: renders the
world's own clip of every case of a held-out cases file that asks for a camera move (the
case's seed and camera through the world's camera augmentation: the ground truth the model
learns from) and reads them as `directa eval` reads a model's takes (the engine's metrics,
eval's summary): readable clips, camera errors, pans right.
A ceiling to set a model's camera figures beside (native-models/README.md).

    .venv/bin/python tests/tools/world_camera_reading.py native-models/eval/heldout-cases.json

Needs the npm dependencies (esbuild bundles the TypeScript reader) and numpy.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "native-models"))

from directa_models.world.render import render_scene  # noqa: E402
from directa_models.world.scene import sample_scene  # noqa: E402


def main(cases_path: str) -> None:
    cases = json.loads(Path(cases_path).read_text())
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        entries = []
        for case in cases:
            spec = case["spec"]
            camera = spec["camera"]
            if (camera["cx"], camera["cy"], camera["cz"]) == (0, 0, 1):
                continue
            width, height = spec["aspect"]["width"], spec["aspect"]["height"]
            scene = sample_scene(spec["seed"], spec["durationFrames"], width / height, (camera["cx"], camera["cy"], camera["cz"]))
            file = f"{case['name']}.rgb"
            np.ascontiguousarray(render_scene(scene, width, height).frames.astype(np.uint8)).tofile(out / file)
            entries.append({"name": case["name"], "file": file, "spec": spec})
        (out / "clips.json").write_text(json.dumps(entries))
        bundle = out / "reader.cjs"
        subprocess.run([str(ROOT / "node_modules" / ".bin" / "esbuild"), str(ROOT / "tests" / "tools" / "world-camera-reading.ts"),
                        "--bundle", "--platform=node", f"--outfile={bundle}", "--log-level=warning"], check=True)
        subprocess.run(["node", str(bundle), str(out)], check=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
