"""Writes tests/fixtures/pipeline-parity.json: the PyTorch reference pipeline
(native-models/directa_models/reference_pipeline.py) on the tiny random package's model.

tests/integration/pipeline-parity.test.ts runs the TypeScript pipeline on the same package
with the same ShotSpecs and initial latents and compares the latents after every step.
Regenerate (from the repository root, with the pinned native-models requirements) with

    .venv/bin/python tests/tools/pipeline_parity.py

The PyTorch model is the exporter's own: ``build_bundle(tiny config, seed 0)`` and
``randomize_camera_gates(seed 0)``, exactly what ``python -m directa_models.export --tiny
--seed 0`` writes. Before writing anything the tool checks that this model is the one in
the package the TypeScript tests use (tests/.tmp/models/directa-tiny-random, exported
there first when missing, as tests/helpers/tiny-package.ts does): text encoder and one
UNet call with every control active, PyTorch against onnxruntime on the package's graphs.
It also runs every case a second time with onnxruntime's UNet and text encoder inside the
same reference loop, and records how far that moves the latents: the part of any
TypeScript/PyTorch difference that is only ONNX-vs-PyTorch arithmetic.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "native-models"))

import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402

from directa_models import export  # noqa: E402
from directa_models.default_model import TINY_CONFIG, build_bundle, load_config, randomize_camera_gates  # noqa: E402
from directa_models.package import sample_feeds  # noqa: E402
from directa_models.contract import graph_specs  # noqa: E402
from directa_models.reference_pipeline import ReferenceSettings, check_close, sample  # noqa: E402

SEED = 0
PACKAGE = ROOT / "tests" / ".tmp" / "models" / "directa-tiny-random"
FIXTURE = ROOT / "tests" / "fixtures" / "pipeline-parity.json"
MAX_BYTES = 2_000_000
SUBSET = 512  # latents values kept per step when a case is stored as a subset
GUIDANCE = 7.5


def spec(prompt: str, camera: tuple[float, float, float], scheduler: str, steps: int, objects: list[dict[str, Any]],
         negative: str = "", duration: int = 48) -> dict[str, Any]:
    """A ShotSpec exactly as electron/engine/spec.ts defines it."""
    return {
        "version": 1, "modelId": None, "prompt": prompt, "negativePrompt": negative,
        "camera": {"cx": camera[0], "cy": camera[1], "cz": camera[2]}, "seed": 7,
        "sampler": {"scheduler": scheduler, "steps": steps, "guidance": GUIDANCE},
        "durationFrames": duration, "fps": {"num": 24, "den": 1}, "aspect": {"width": 1280, "height": 720},
        "objects": objects,
    }


def obj(prompt: str, phrase: str, keyframes: list[tuple[int, list[float]]],
        path: list[list[float]] | None = None) -> dict[str, Any]:
    start = prompt.index(phrase)
    return {"phrase": phrase, "span": [start, start + len(phrase)],
            "keyframes": [{"frame": f, "box": box} for f, box in keyframes], "path": path}


def cases() -> list[dict[str, Any]]:
    p2 = "a white dog runs on the grass near a tree"
    p3 = "a red car and a black horse on a road near the sea"
    p4 = "a small boat moving slowly on the river"
    return [
        {
            # DDIM 3 steps runs at t = 667, 334, 1, all below camOffT * T = 850: the camera
            # module is gated off in every step (the camera only reaches the UNet's inputs).
            "name": "camera only (cx 0.4, cz 1.3), DDIM 3 steps (t < camOffT·T throughout: camera gated off)",
            "spec": spec("a car drives on a city street", (0.4, 0.0, 1.3), "ddim", 3, []),
        },
        {
            "name": "one object, two keyframes and a path, camera, negative prompt, DDIM 3 steps",
            "spec": spec(p2, (-0.3, 0.2, 0.8), "ddim", 3, [
                obj(p2, "white dog", [(4, [0.1, 0.2, 0.4, 0.6]), (40, [0.5, 0.35, 0.9, 0.85])],
                    [[0.25, 0.4], [0.45, 0.25], [0.7, 0.6]]),
            ], negative="snow"),
        },
        {
            "name": "two objects, DPM-Solver++ 3 steps (amplification and camera gate on at t = 999)",
            "spec": spec(p3, (0.0, 0.0, 1.0), "dpmpp-2m", 3, [
                obj(p3, "red car", [(0, [0.05, 0.5, 0.45, 0.9]), (47, [0.3, 0.45, 0.7, 0.95])]),
                obj(p3, "black horse", [(10, [0.55, 0.1, 0.95, 0.5])]),
            ], duration=36),
        },
        {
            # DDIM's leading spacing reaches t >= tau * T = 950 only from 20 steps (t = 951):
            # the one case where DDIM runs both with and without amplification and camera.
            "name": "one object and camera, DDIM 20 steps (amplification at t = 951, camera until t >= 850)",
            "spec": spec(p4, (0.25, -0.5, 1.6), "ddim", 20, [
                obj(p4, "small boat", [(0, [0.0, 0.4, 0.35, 0.75]), (23, [0.6, 0.3, 1.0, 0.7])]),
            ], duration=24),
        },
    ]


def ensure_package(path: Path) -> Path:
    if (path / "manifest.json").is_file():
        return path
    partial = path.with_name(path.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.parent.mkdir(parents=True, exist_ok=True)
    if export.main(["--tiny", "--seed", str(SEED), "--out", str(partial)]) != 0:
        raise SystemExit("export of the tiny package failed")
    partial.rename(path)
    return path


def round_list(values: np.ndarray) -> list[float]:
    """float32 values as decimals with 7 significant digits (the TS side parses them back)."""
    return [float(f"{v:.7g}") for v in np.asarray(values, dtype=np.float32).ravel()]


class OrtModels:
    def __init__(self, package: Path, manifest: dict[str, Any]) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        self.unet = ort.InferenceSession(str(package / manifest["files"]["unet"]["path"]), options,
                                         providers=["CPUExecutionProvider"])
        self.text = ort.InferenceSession(str(package / manifest["files"]["textEncoder"]["path"]), options,
                                         providers=["CPUExecutionProvider"])

    def unet_fn(self, **inputs: torch.Tensor) -> torch.Tensor:
        feeds = {k: v.numpy().astype(np.float32) for k, v in inputs.items()}
        return torch.from_numpy(self.unet.run(["noise_pred"], feeds)[0])

    def text_fn(self, ids: torch.Tensor) -> torch.Tensor:
        return torch.from_numpy(self.text.run(["last_hidden_state"], {"input_ids": ids.numpy()})[0])


def check_package(bundle: Any, models: OrtModels, manifest: dict[str, Any]) -> dict[str, float]:
    """The PyTorch model is the package's: text encoder and UNet (every control on) agree."""
    specs = graph_specs(manifest)
    feeds = sample_feeds(specs["unet"][0], batch=2, seed=1)
    feeds["camera"][1] = (0.0, 0.0, 1.0)
    with torch.no_grad():
        torch_out = bundle.unet(**{k: torch.from_numpy(v) for k, v in feeds.items()}).numpy()
        ids = torch.tensor([[1, 4, 28, 2] + [0] * 20, [1, 2] + [0] * 22])
        torch_text = bundle.text_encoder(ids).numpy()
    ort_out = models.unet.run(["noise_pred"], feeds)[0]
    ort_text = models.text.run(["last_hidden_state"], {"input_ids": ids.numpy()})[0]
    return {
        "unet": check_close("unet (PyTorch vs package)", torch_out, ort_out, 1e-4),
        "textEncoder": check_close("text encoder (PyTorch vs package)", torch_text, ort_text, 1e-4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--package", type=Path, default=PACKAGE, help="tiny package (exported when missing)")
    parser.add_argument("--out", type=Path, default=FIXTURE)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)

    package = ensure_package(args.package)
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    vocab = (package / manifest["text"]["tokenizer"]["path"]).read_text(encoding="utf-8").splitlines()
    settings = ReferenceSettings.from_manifest(manifest, vocab)

    config = load_config(TINY_CONFIG)
    bundle = build_bundle(config, SEED)
    randomize_camera_gates(bundle.unet, SEED)
    if vocab != config.vocab:
        raise SystemExit(f"{package}: vocab.txt differs from {TINY_CONFIG.name}'s vocabulary")
    ort_models = OrtModels(package, manifest)
    checks = check_package(bundle, ort_models, manifest)
    print(f"PyTorch model = package: max abs diff unet {checks['unet']:.2g}, text {checks['textEncoder']:.2g}")

    shape = (settings.channels, settings.frames, settings.height, settings.width)
    out_cases = []
    for index, case in enumerate(cases()):
        rng = np.random.default_rng(1000 + index)
        # rounded exactly as written, so both pipelines start from the same float32 values
        initial = np.array(round_list(rng.standard_normal(shape).astype(np.float32)), dtype=np.float32).reshape(shape)
        initial_t = torch.from_numpy(initial)
        run = sample(bundle.unet, bundle.text_encoder, settings, case["spec"], initial_t)
        onnx_run = sample(ort_models.unet_fn, ort_models.text_fn, settings, case["spec"], initial_t)
        ort_diff = [float((a - b).abs().max()) for a, b in zip(run.latents, onnx_run.latents)]
        objects = run.objects
        out_cases.append({
            "name": case["name"],
            "spec": case["spec"],
            "timesteps": run.timesteps,
            "condIds": run.cond.ids,
            "uncondIds": run.uncond.ids,
            "regions": {
                "boxes": [[list(b) for b in boxes] for boxes in objects.boxes],
                "masks": round_list(objects.masks),
                "tokens": round_list(objects.tokens),
                "strength": round_list(objects.strength),
                "suppress": round_list(objects.suppress),
            },
            "initialLatents": round_list(initial),
            "steps": [
                {"scale": float(np.sqrt(np.mean(x.numpy().astype(np.float64) ** 2))),
                 "latents": x.numpy()}
                for x in run.latents
            ],
            "onnxVsTorchMaxDiff": ort_diff,
        })
        print(f"case {index}: {case['name']}: timesteps {run.timesteps}, "
              f"ONNX-vs-PyTorch reference max diff per step {[f'{d:.1e}' for d in ort_diff]}")

    fixture = {
        "about": "tests/tools/pipeline_parity.py: the PyTorch reference pipeline on the tiny package (seed 0)",
        "package": {"id": manifest["id"], "unetSha256": manifest["files"]["unet"]["sha256"],
                    "textEncoderSha256": manifest["files"]["textEncoder"]["sha256"]},
        "shape": list(shape),
        "cases": out_cases,
    }
    text = serialise(fixture, subset=False)
    if len(text) > MAX_BYTES:
        text = serialise(fixture, subset=True)
    args.out.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    print(f"wrote {args.out} ({len(text)} bytes, sha256 {digest}…)")
    return 0


def serialise(fixture: dict[str, Any], subset: bool) -> str:
    """Full latents per step; when that is too big, the cases with the most steps keep a fixed
    subset of indices plus each step's L2 norm and mean (the first three steps stay full)."""
    total = int(np.prod(fixture["shape"]))
    indices = np.linspace(0, total - 1, SUBSET).round().astype(int).tolist()
    cases_out = []
    for case in fixture["cases"]:
        reduce = subset and len(case["steps"]) > 3
        steps = []
        for step in case["steps"]:
            x = step["latents"].astype(np.float64).ravel()
            entry: dict[str, Any] = {"scale": step["scale"], "norm": float(np.linalg.norm(x)), "mean": float(x.mean())}
            if reduce:
                entry["values"] = round_list(x[indices])
            else:
                entry["latents"] = round_list(x)
            steps.append(entry)
        cases_out.append({**case, **({"latentIndices": indices} if reduce else {}), "steps": steps})
    return json.dumps({**fixture, "cases": cases_out}, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    sys.exit(main())
