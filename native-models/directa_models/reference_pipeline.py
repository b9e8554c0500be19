"""A plain PyTorch Direct-a-Video sampling loop: the reference the TypeScript engine's
pipeline (electron/engine/pipeline.ts) is checked against (tests/tools/pipeline_parity.py
writes tests/fixtures/pipeline-parity.json from it).

It is written from the method as ``shared/MODEL_PACKAGE.md`` states it (and the package
details in native-models/README.md), not from the engine's code. For one shot it does:

1. **Text** (README, "Tokenizer entry", kind "word"): lower-case, regex ``pattern`` matches
   in order, unknown words -> ``unk``, ``[bos, ...ids, eos]`` padded with ``pad`` to
   ``maxTokens``. The prompt is the conditional text; the negative prompt, or the manifest's
   ``defaults.negativePrompt`` when it is empty, the unconditional one. Both go through the
   text encoder as one batch ``[cond, uncond]``. A prompt longer than ``maxTokens - 2``
   words is refused (the engine refuses rather than truncating silently).
2. **Camera** (MODEL_PACKAGE.md, "Camera guidance"): the cond half gets the shot's
   ``(cx, cy, cz)``; the uncond half the null camera ``[0, 0, 1]`` when
   ``defaults.cameraCfg`` is true (else the shot's camera). ``camera_gate`` = 1 for both
   halves while ``t >= camOffT * T`` (T = ``numTrainTimesteps``), else 0.
3. **Objects** (MODEL_PACKAGE.md, "Objects", and the ``region_*``/``suppress_tokens``
   rows of the UNet inputs table), for the conditional half only (the uncond half gets
   zeros everywhere, i.e. no object control):
   * one box per generated frame: generated frame ``j`` shows shot frame
     ``j * (D - 1) / (F - 1)`` (D = ``durationFrames``, F = the package's frames). Between
     keyframes the box size is linear in the frame; the centre is linear too, or, with a
     path, travels along the path at constant speed (by arc length) from the first
     keyframe's frame to the last one's. Before the first and after the last keyframe the
     box holds. Boxes are clipped to the frame.
   * ``region_masks``: how much of each latent cell the box covers (0..1) at latent size;
     the graph itself resizes them per layer.
   * ``region_tokens``: 1 for the tokens of the object's phrase (the tokens whose
     characters overlap the phrase's character span in the prompt).
   * a **background** region when there are fewer objects than ``maxRegions``: its mask is
     the complement of the union of the boxes (per cell: 1 - the largest coverage of any
     box), its tokens every prompt token that is neither a special token (bos/eos/pad) nor
     in an object's phrase.
   * ``region_gain = attnLambda * (1 - area)`` per region and frame (area = the region's
     share of the frame) while ``t >= attnTau * T``, else 0.
   * ``suppress_tokens``: 1 for every prompt token once there are objects (start/end tokens
     never are): a word outside every region (no room left for a background) gets no attention.
4. **Denoising**: the given initial latents ``[C, F, h, w]`` (noise at ``init_noise_sigma``
   = 1); per timestep one UNet call on ``[cond, uncond]``, classifier-free guidance
   ``eps = eps_u + w (eps_c - eps_u)`` (no uncond half when w = 1), then one step of
   diffusers' ``DDIMScheduler`` (eta 0, ``clip_sample`` off as in ZeroScope's scheduler
   config: the manifest has no clipping key) or ``DPMSolverMultistepScheduler``
   (``dpmsolver++``, order 2), both built from the manifest's ``scheduler`` section.

Returned: the latents after every step (and the per-call UNet inputs when asked, for tests).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch
from diffusers import DDIMScheduler, DPMSolverMultistepScheduler

NULL_CAMERA = (0.0, 0.0, 1.0)


# ---------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class WordTokenizerSpec:
    vocab: tuple[str, ...]
    max_tokens: int
    bos: int
    eos: int
    pad: int
    unk: int
    pattern: str


@dataclass(frozen=True)
class ReferenceSettings:
    """What the loop reads from a package's manifest.json (camelCase keys there)."""

    channels: int
    frames: int
    height: int  # latent
    width: int  # latent
    max_regions: int
    tokenizer: WordTokenizerSpec
    scheduler: Mapping[str, Any]
    defaults: Mapping[str, Any]

    @classmethod
    def from_manifest(cls, manifest: Mapping[str, Any], vocab: Sequence[str]) -> ReferenceSettings:
        t = manifest["text"]["tokenizer"]
        if t["kind"] != "word":
            raise ValueError("the reference pipeline implements the word tokenizer only")
        latent = manifest["latent"]
        return cls(
            channels=latent["channels"], frames=manifest["frames"], height=latent["height"], width=latent["width"],
            max_regions=manifest["maxRegions"],
            tokenizer=WordTokenizerSpec(tuple(vocab), manifest["text"]["maxTokens"], t["bos"], t["eos"], t["pad"],
                                        t["unk"], t["pattern"]),
            scheduler=dict(manifest["scheduler"]), defaults=dict(manifest["defaults"]),
        )


# ---------------------------------------------------------------------------- text


@dataclass(frozen=True)
class Encoding:
    """ids: exactly max_tokens ids; offsets: the [start, end) characters of each, None for specials."""

    ids: list[int]
    offsets: list[tuple[int, int] | None]


def encode_words(spec: WordTokenizerSpec, text: str) -> Encoding:
    # Lower-case character by character so that offsets stay those of the original text.
    lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    index = {token: i for i, token in enumerate(spec.vocab)}
    words = [(index.get(m.group(0), spec.unk), (m.start(), m.end())) for m in re.finditer(spec.pattern, lower)]
    if len(words) > spec.max_tokens - 2:
        raise ValueError(f"the prompt is {len(words) + 2} tokens long; the model takes {spec.max_tokens}")
    ids = [spec.bos, *(w[0] for w in words), spec.eos]
    offsets: list[tuple[int, int] | None] = [None, *(w[1] for w in words), None]
    padding = spec.max_tokens - len(ids)
    return Encoding(ids + [spec.pad] * padding, offsets + [None] * padding)


def phrase_tokens(encoding: Encoding, span: Sequence[int]) -> list[int]:
    """Token positions whose characters overlap the character span [start, end)."""
    start, end = span
    return [i for i, o in enumerate(encoding.offsets) if o is not None and o[0] < end and o[1] > start]


# ---------------------------------------------------------------------------- boxes

Box = tuple[float, float, float, float]


def _arc_point(path: Sequence[Sequence[float]], u: float) -> tuple[float, float]:
    """The point at fraction u of the polyline's length."""
    points = np.asarray(path, dtype=np.float64)
    cumulative = np.concatenate(([0.0], np.cumsum(np.linalg.norm(np.diff(points, axis=0), axis=1))))
    if cumulative[-1] == 0:
        return float(points[0, 0]), float(points[0, 1])
    target = min(max(u, 0.0), 1.0) * cumulative[-1]
    x = float(np.interp(target, cumulative, points[:, 0]))
    y = float(np.interp(target, cumulative, points[:, 1]))
    return x, y


def box_at(keyframes: Sequence[Mapping[str, Any]], path: Sequence[Sequence[float]] | None, frame: float) -> Box:
    """The object's box at a (fractional) shot frame."""
    keys = sorted(keyframes, key=lambda k: k["frame"])
    frames = np.array([k["frame"] for k in keys], dtype=np.float64)
    boxes = np.array([k["box"] for k in keys], dtype=np.float64)
    sizes = boxes[:, 2:] - boxes[:, :2]
    centres = (boxes[:, 2:] + boxes[:, :2]) / 2
    f = float(np.clip(frame, frames[0], frames[-1]))
    # np.interp: linear between neighbouring keyframes, holding outside them.
    width = float(np.interp(f, frames, sizes[:, 0]))
    height = float(np.interp(f, frames, sizes[:, 1]))
    if path is not None and len(path) >= 2 and frames[-1] > frames[0]:
        cx, cy = _arc_point(path, (f - frames[0]) / (frames[-1] - frames[0]))
    else:
        cx, cy = float(np.interp(f, frames, centres[:, 0])), float(np.interp(f, frames, centres[:, 1]))
    box = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    return tuple(min(max(v, 0.0), 1.0) for v in box)  # type: ignore[return-value]


def frame_boxes(obj: Mapping[str, Any], duration_frames: int, frames: int) -> list[Box]:
    """One box per generated frame: frame j shows shot frame j (D - 1) / (F - 1)."""
    shot = [0.0] if frames == 1 else [j * (duration_frames - 1) / (frames - 1) for j in range(frames)]
    return [box_at(obj["keyframes"], obj.get("path"), s) for s in shot]


def box_coverage(box: Box, height: int, width: int) -> np.ndarray:
    """[h, w] share of each latent cell that the box covers."""
    x1, y1, x2, y2 = box[0] * width, box[1] * height, box[2] * width, box[3] * height
    cells_x = np.arange(width, dtype=np.float64)
    cells_y = np.arange(height, dtype=np.float64)
    cover_x = np.clip(np.minimum(cells_x + 1, x2) - np.maximum(cells_x, x1), 0, 1)
    cover_y = np.clip(np.minimum(cells_y + 1, y2) - np.maximum(cells_y, y1), 0, 1)
    return np.outer(cover_y, cover_x)


# ---------------------------------------------------------------------------- objects


@dataclass
class ObjectInputs:
    """Conditional-half object inputs; ``strength`` is 1 - area (times lambda while t >= tau T)."""

    masks: np.ndarray  # [R, F, h, w] float32
    tokens: np.ndarray  # [R, T] float32
    strength: np.ndarray  # [R, F] float32
    suppress: np.ndarray  # [T] float32
    boxes: list[list[Box]] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.boxes)


def build_object_inputs(objects: Sequence[Mapping[str, Any]], encoding: Encoding, duration_frames: int,
                        settings: ReferenceSettings) -> ObjectInputs:
    R, F, h, w = settings.max_regions, settings.frames, settings.height, settings.width
    T = settings.tokenizer.max_tokens
    if len(objects) > R:
        raise ValueError(f"the model controls at most {R} objects, the shot has {len(objects)}")
    masks = np.zeros((R, F, h, w), dtype=np.float64)
    tokens = np.zeros((R, T), dtype=np.float64)
    strength = np.zeros((R, F), dtype=np.float64)
    boxes = [frame_boxes(obj, duration_frames, F) for obj in objects]
    for r, (obj, obj_boxes) in enumerate(zip(objects, boxes)):
        own = phrase_tokens(encoding, obj["span"])
        if not own:
            raise ValueError(f"object {obj['phrase']!r} has no tokens in the prompt")
        tokens[r, own] = 1
        for f, box in enumerate(obj_boxes):
            masks[r, f] = box_coverage(box, h, w)
            strength[r, f] = 1 - (box[2] - box[0]) * (box[3] - box[1])
    words = [i for i, o in enumerate(encoding.offsets) if o is not None]
    rest = [i for i in words if not tokens[: len(objects), i].any()]
    if objects and len(objects) < R and rest:
        b = len(objects)
        masks[b] = 1 - masks[: len(objects)].max(axis=0)
        tokens[b, rest] = 1
        strength[b] = 1 - masks[b].mean(axis=(1, 2))
    suppress = tokens.max(axis=0)
    if objects:
        suppress[words] = 1  # every prompt word but start/end, also when no region is left for the background
    return ObjectInputs(masks.astype(np.float32), tokens.astype(np.float32), strength.astype(np.float32),
                        suppress.astype(np.float32), boxes)


# ---------------------------------------------------------------------------- schedulers


def make_scheduler(name: str, config: Mapping[str, Any]) -> DDIMScheduler | DPMSolverMultistepScheduler:
    """diffusers' scheduler for the spec's sampler name, from the manifest's scheduler section."""
    common = dict(
        num_train_timesteps=config["numTrainTimesteps"], beta_start=config["betaStart"], beta_end=config["betaEnd"],
        beta_schedule=config["betaSchedule"], prediction_type=config["predictionType"],
        steps_offset=config["stepsOffset"],
    )
    if name == "ddim":
        return DDIMScheduler(**common, set_alpha_to_one=config["setAlphaToOne"], clip_sample=False)
    if name == "dpmpp-2m":
        return DPMSolverMultistepScheduler(**common, algorithm_type="dpmsolver++", solver_order=2)
    raise ValueError(f"unknown scheduler {name!r}")


# ---------------------------------------------------------------------------- the loop

UNetFn = Callable[..., torch.Tensor]


@dataclass
class ReferenceRun:
    timesteps: list[int]
    latents: list[torch.Tensor]  # [C, F, h, w] after each step
    cond: Encoding
    uncond: Encoding
    objects: ObjectInputs
    unet_inputs: list[dict[str, torch.Tensor]] = field(default_factory=list)


@torch.no_grad()
def sample(unet: UNetFn, text_encoder: Callable[[torch.Tensor], torch.Tensor], settings: ReferenceSettings,
           spec: Mapping[str, Any], initial_latents: torch.Tensor, record_inputs: bool = False) -> ReferenceRun:
    """Run the Direct-a-Video sampling loop for a ShotSpec (the engine's JSON shape).

    ``unet`` takes the package contract's UNet inputs as keyword arguments
    (``DirectAVideoUNet``); ``text_encoder`` maps input_ids [B, T] to [B, T, D].
    """
    defaults = settings.defaults
    C, F, h, w = settings.channels, settings.frames, settings.height, settings.width
    R, T = settings.max_regions, settings.tokenizer.max_tokens
    steps = spec["sampler"]["steps"] if spec["sampler"]["steps"] is not None else defaults["steps"]
    guidance = spec["sampler"]["guidance"] if spec["sampler"]["guidance"] is not None else defaults["guidance"]
    cfg = guidance != 1
    if tuple(initial_latents.shape) != (C, F, h, w):
        raise ValueError(f"initial latents {tuple(initial_latents.shape)}, the model takes {(C, F, h, w)}")

    # 1. text: batch [cond, uncond]
    cond = encode_words(settings.tokenizer, spec["prompt"])
    uncond = encode_words(settings.tokenizer, spec["negativePrompt"] or defaults["negativePrompt"])
    ids = torch.tensor([cond.ids, uncond.ids] if cfg else [cond.ids], dtype=torch.int64)
    hidden = text_encoder(ids).float()
    batch = ids.shape[0]

    # 2. camera and object inputs (object control on the cond half only)
    shot_camera = [spec["camera"]["cx"], spec["camera"]["cy"], spec["camera"]["cz"]]
    cameras = [shot_camera] + ([list(NULL_CAMERA) if defaults["cameraCfg"] else shot_camera] if cfg else [])
    camera = torch.tensor(cameras, dtype=torch.float32)
    objects = build_object_inputs(spec["objects"], cond, spec["durationFrames"], settings)
    masks = torch.zeros(batch, R, F, h, w)
    tokens = torch.zeros(batch, R, T)
    suppress = torch.zeros(batch, T)
    if objects.active:
        masks[0] = torch.from_numpy(objects.masks)
        tokens[0] = torch.from_numpy(objects.tokens)
        suppress[0] = torch.from_numpy(objects.suppress)

    # 3. denoise
    scheduler = make_scheduler(spec["sampler"]["scheduler"], settings.scheduler)
    scheduler.set_timesteps(steps)
    num_train = settings.scheduler["numTrainTimesteps"]
    latents = initial_latents.float().clone() * scheduler.init_noise_sigma
    run = ReferenceRun([int(t) for t in scheduler.timesteps], [], cond, uncond, objects)
    for t in scheduler.timesteps:
        t_value = int(t)
        gain = torch.zeros(batch, R, F)
        if objects.active and t_value >= defaults["attnTau"] * num_train:
            gain[0] = defaults["attnLambda"] * torch.from_numpy(objects.strength)
        gate = 1.0 if t_value >= defaults["camOffT"] * num_train else 0.0
        model_input = scheduler.scale_model_input(latents.unsqueeze(0).expand(batch, -1, -1, -1, -1), t)
        inputs = dict(
            sample=model_input.contiguous(), timestep=torch.full((batch,), float(t_value)),
            encoder_hidden_states=hidden, camera=camera, camera_gate=torch.full((batch,), gate),
            region_masks=masks, region_tokens=tokens, region_gain=gain, suppress_tokens=suppress,
        )
        if record_inputs:
            run.unet_inputs.append({k: v.clone() for k, v in inputs.items()})
        pred = unet(**inputs)
        eps = pred[1] + guidance * (pred[0] - pred[1]) if cfg else pred[0]
        latents = scheduler.step(eps, t, latents).prev_sample
        run.latents.append(latents.clone())
    return run


def check_close(name: str, a: np.ndarray, b: np.ndarray, tolerance: float) -> float:
    """Max abs difference of two arrays; raises when above tolerance (used by the parity tool)."""
    diff = float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))
    if not math.isfinite(diff) or diff > tolerance:
        raise AssertionError(f"{name}: max abs difference {diff:.3g} > {tolerance:.3g}")
    return diff
