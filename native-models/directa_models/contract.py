"""The package contract (shared/MODEL_PACKAGE.md) in code: manifest schema and graph I/O."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

FORMAT = "direct-a-video-onnx"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
GRAPH_FILES = {"textEncoder": "text_encoder.onnx", "unet": "unet.onnx", "vaeDecoder": "vae_decoder.onnx"}
EXTERNAL_DATA_SUFFIX = ".data"

Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class TensorSpec:
    """One graph input or output; a str dimension is the free batch axis."""

    name: str
    dtype: str
    shape: tuple[int | str, ...]


def graph_specs(manifest: Mapping[str, Any]) -> dict[str, tuple[list[TensorSpec], list[TensorSpec]]]:
    """Inputs and outputs each graph must have, keyed like manifest ``files``."""
    text, latent = manifest["text"], manifest["latent"]
    tokens, dim, regions, frames = text["maxTokens"], text["dim"], manifest["maxRegions"], manifest["frames"]
    c, h, w = latent["channels"], latent["height"], latent["width"]
    f32 = "float32"
    return {
        "textEncoder": (
            [TensorSpec("input_ids", "int64", ("B", tokens))],
            [TensorSpec("last_hidden_state", f32, ("B", tokens, dim))],
        ),
        "unet": (
            [
                TensorSpec("sample", f32, ("B", c, frames, h, w)),
                TensorSpec("timestep", f32, ("B",)),
                TensorSpec("encoder_hidden_states", f32, ("B", tokens, dim)),
                TensorSpec("camera", f32, ("B", 3)),
                TensorSpec("camera_gate", f32, ("B",)),
                TensorSpec("region_masks", f32, ("B", regions, frames, h, w)),
                TensorSpec("region_tokens", f32, ("B", regions, tokens)),
                TensorSpec("region_gain", f32, ("B", regions, frames)),
                TensorSpec("suppress_tokens", f32, ("B", tokens)),
            ],
            [TensorSpec("noise_pred", f32, ("B", c, frames, h, w))],
        ),
        "vaeDecoder": (
            [TensorSpec("latent", f32, ("N", c, h, w))],
            [TensorSpec("image", f32, ("N", 3, manifest["height"], manifest["width"]))],
        ),
    }


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check(ok: Callable[[Any], bool], message: str) -> Check:
    return lambda v: None if ok(v) else message


text_ = _check(lambda v: isinstance(v, str), "must be a string")
name_ = _check(lambda v: isinstance(v, str) and v.strip() != "", "must be a non-empty string")
bool_ = _check(lambda v: isinstance(v, bool), "must be true or false")
pos_int = _check(lambda v: _is_int(v) and v > 0, "must be a positive integer")
nonneg_int = _check(lambda v: _is_int(v) and v >= 0, "must be a non-negative integer")
pos_num = _check(lambda v: _is_num(v) and v > 0, "must be a positive number")
nonneg_num = _check(lambda v: _is_num(v) and v >= 0, "must be a non-negative number")
unit_num = _check(lambda v: _is_num(v) and 0 <= v <= 1, "must be a number in [0, 1]")
sha256_ = _check(lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None,
                 "must be 64 lower-case hex digits")


def equals(expected: Any) -> Check:
    return _check(lambda v: v == expected and type(v) is type(expected), f"must be {expected!r}")


def one_of(*options: str) -> Check:
    return _check(lambda v: v in options, f"must be one of {', '.join(options)}")


def interval(lo: float, hi: float) -> Check:
    return _check(lambda v: isinstance(v, list) and len(v) == 2 and all(_is_num(x) for x in v)
                  and v[0] == lo and v[1] == hi, f"must be [{lo:g}, {hi:g}]")


FILE_ENTRY = {"path": name_, "sha256": sha256_, "bytes": nonneg_int}
GRAPH_ENTRY = {**FILE_ENTRY, "externalData?": FILE_ENTRY}

MANIFEST_SCHEMA: dict[str, Any] = {
    "format": equals(FORMAT),
    "formatVersion": equals(FORMAT_VERSION),
    "id": _check(lambda v: isinstance(v, str) and re.fullmatch(r"[a-z0-9][a-z0-9._-]*", v) is not None,
                 "must be lower-case letters, digits, '.', '_' or '-'"),
    "name": name_,
    "description": text_,
    "license": name_,
    "source": name_,
    "width": pos_int,
    "height": pos_int,
    "frames": pos_int,
    "fps": pos_num,
    "latent": {"channels": pos_int, "height": pos_int, "width": pos_int, "scalingFactor": pos_num},
    "text": {
        "maxTokens": pos_int,
        "dim": pos_int,
        "tokenizer": {"kind": one_of("word", "clip-bpe"), **FILE_ENTRY, "bos": nonneg_int, "eos": nonneg_int,
                      "pad": nonneg_int},
    },
    "scheduler": {
        "numTrainTimesteps": pos_int,
        "betaStart": pos_num,
        "betaEnd": pos_num,
        "betaSchedule": one_of("scaled_linear", "linear"),
        "predictionType": one_of("epsilon", "v_prediction"),
        "stepsOffset": nonneg_int,
        "setAlphaToOne": bool_,
    },
    "defaults": {
        "steps": pos_int,
        "guidance": nonneg_num,
        "camOffT": unit_num,
        "cameraCfg": bool_,
        "attnLambda": nonneg_num,
        "attnTau": unit_num,
        "negativePrompt": text_,
        # the engine's camera projection (electron/engine/camera-projection.ts), 0..1; absent: off
        "cameraProjection?": unit_num,
    },
    "camera": {"cx": interval(-1, 1), "cy": interval(-1, 1), "cz": interval(0.5, 2)},
    "maxRegions": pos_int,
    "files": {key: GRAPH_ENTRY for key in GRAPH_FILES},
    "eval?": _check(lambda v: isinstance(v, dict), "must be an object"),
    "locator?": _check(lambda v: isinstance(v, dict) and v.get("kind") == "colour" and isinstance(v.get("colours"), dict)
                       and _is_num(v.get("tolerance")), "must be {kind: 'colour', tolerance, colours: {name: [r, g, b]}}"),
}


def check_manifest(manifest: Any, schema: Mapping[str, Any] = MANIFEST_SCHEMA, where: str = "") -> list[str]:
    """Problems with a manifest's keys and value types, each naming its key path.
    Keys ending in '?' in the schema are optional; keys the schema does not name are allowed."""
    if not isinstance(manifest, dict):
        return [f"{where or 'manifest'}: must be an object"]
    problems: list[str] = []
    for raw_key, rule in schema.items():
        key = raw_key.rstrip("?")
        path = f"{where}.{key}" if where else key
        if key not in manifest:
            if not raw_key.endswith("?"):
                problems.append(f"{path}: missing")
            continue
        if isinstance(rule, dict):
            problems.extend(check_manifest(manifest[key], rule, path))
        elif (message := rule(manifest[key])) is not None:
            problems.append(f"{path}: {message}")
    return problems
