"""Write a model package: three ONNX graphs, the tokenizer file and manifest.json."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from diffusers import AutoencoderKL
from torch import nn

from .contract import FORMAT, FORMAT_VERSION, GRAPH_FILES, MANIFEST, TensorSpec, check_manifest, graph_specs
from .onnx_export import PROTOBUF_LIMIT, export_graph, file_entry
from .package_tokenizers import PackageTokenizer
from .text import TextEncoderGraph
from .unet import DirectAVideoUNet
from .vae import VaeDecoderGraph, vae_scale_factor

CAMERA_RANGES = {"cx": [-1, 1], "cy": [-1, 1], "cz": [0.5, 2]}
#: per graph, the inputs that the engine's guidance batch repeats in both halves
GUIDANCE_SHARED = {"unet": ("sample", "timestep")}


@dataclass
class PackageInfo:
    """Everything in the manifest that is not read off the models."""

    id: str
    name: str
    description: str
    license: str
    source: str
    width: int
    height: int
    frames: int
    fps: float
    max_regions: int
    scheduler: dict[str, Any]
    defaults: dict[str, Any]
    eval: dict[str, Any] | None = field(default=None)
    # how the engine finds actors in a clip: {kind: 'colour', tolerance, colours: {name: [r, g, b]}}
    locator: dict[str, Any] | None = field(default=None)


@dataclass
class ModelBundle:
    unet: DirectAVideoUNet
    text_encoder: nn.Module
    vae: AutoencoderKL
    tokenizer: PackageTokenizer
    max_tokens: int
    text_dim: int


def sample_feeds(specs: list[TensorSpec], batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    """Plausible inputs for a graph: random latents and embeddings, a null-ish camera with the
    gate on, one box in the first region with its first prompt token amplified and suppressed."""
    rng = np.random.default_rng(seed)
    feeds: dict[str, np.ndarray] = {}
    for spec in specs:
        shape = tuple(batch if isinstance(d, str) else d for d in spec.shape)
        if spec.dtype == "int64":
            feeds[spec.name] = np.zeros(shape, dtype=np.int64)
            continue
        value = np.zeros(shape, dtype=np.float32)
        if spec.name == "timestep":
            value[:] = 900.0
        elif spec.name == "camera":
            value[:] = (0.25, -0.25, 1.25)
        elif spec.name == "camera_gate":
            value[:] = 1.0
        elif spec.name == "region_masks":
            h, w = shape[-2:]
            value[:, 0, :, h // 4 : max(h // 4 + 1, h // 2), w // 4 : max(w // 4 + 1, 3 * w // 4)] = 1.0
        elif spec.name == "region_tokens":
            value[:, 0, 1] = 1.0
        elif spec.name == "region_gain":
            value[:, 0, :] = 20.0
        elif spec.name == "suppress_tokens":
            value[:, 1:3] = 1.0
        else:
            value = rng.standard_normal(shape).astype(np.float32)
        feeds[spec.name] = value
    return feeds


def _check_bundle(bundle: ModelBundle, info: PackageInfo) -> int:
    factor = vae_scale_factor(bundle.vae)
    if info.width % factor or info.height % factor:
        raise ValueError(f"width {info.width} and height {info.height} must be multiples of the VAE factor {factor}")
    unet_dim = bundle.unet.unet.config.cross_attention_dim
    if bundle.text_dim != unet_dim:
        raise ValueError(f"text encoder width {bundle.text_dim} differs from the UNet's cross-attention dim {unet_dim}")
    if bundle.unet.unet.config.in_channels != bundle.vae.config.latent_channels:
        raise ValueError("the UNet's and the VAE's latent channels differ")
    return factor


def write_package(
    bundle: ModelBundle, info: PackageInfo, out_dir: Path, external_data_threshold: int = PROTOBUF_LIMIT
) -> dict[str, Any]:
    """Export the bundle into ``out_dir``; manifest.json is written last. Returns the manifest."""
    factor = _check_bundle(bundle, info)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "id": info.id,
        "name": info.name,
        "description": info.description,
        "license": info.license,
        "source": info.source,
        "width": info.width,
        "height": info.height,
        "frames": info.frames,
        "fps": info.fps,
        "latent": {
            "channels": bundle.vae.config.latent_channels,
            "height": info.height // factor,
            "width": info.width // factor,
            "scalingFactor": bundle.vae.config.scaling_factor,
        },
        "text": {"maxTokens": bundle.max_tokens, "dim": bundle.text_dim},
        "scheduler": info.scheduler,
        "defaults": info.defaults,
        "camera": CAMERA_RANGES,
        "maxRegions": info.max_regions,
    }
    early = [p for p in check_manifest(manifest) if not p.startswith(("files:", "text.tokenizer:"))]
    if early:  # metadata problems are reported before the (long) export
        raise ValueError("the manifest would break the contract: " + "; ".join(early))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    tokenizer_path = out_dir / bundle.tokenizer.file_name
    bundle.tokenizer.write(tokenizer_path)
    manifest["text"]["tokenizer"] = {**bundle.tokenizer.manifest_fields(), **file_entry(tokenizer_path, out_dir)}

    graphs = {
        "textEncoder": TextEncoderGraph(bundle.text_encoder),
        "unet": bundle.unet,
        "vaeDecoder": VaeDecoderGraph(bundle.vae),
    }
    files: dict[str, Any] = {}
    for key, (inputs, outputs) in graph_specs(manifest).items():
        feeds = sample_feeds(inputs, batch=1)
        example = [torch.from_numpy(feeds[spec.name]) for spec in inputs]
        written = export_graph(graphs[key], example, out_dir / GRAPH_FILES[key], inputs, outputs,
                               external_data_threshold, shared_batch_inputs=GUIDANCE_SHARED.get(key, ()))
        files[key] = file_entry(written[0], out_dir)
        if len(written) > 1:
            files[key]["externalData"] = file_entry(written[1], out_dir)
    manifest["files"] = files
    if info.eval is not None:
        manifest["eval"] = info.eval
    if info.locator is not None:
        manifest["locator"] = info.locator
    problems = check_manifest(manifest)
    if problems:
        raise ValueError("the manifest breaks the contract: " + "; ".join(problems))
    write_manifest(out_dir, manifest)
    return manifest


def write_manifest(package: Path, manifest: dict[str, Any]) -> None:
    """Replace the package's manifest.json in one step: a crash leaves the old one or the new one."""
    scratch = package / (MANIFEST + ".tmp")
    scratch.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(scratch, package / MANIFEST)


def record_graph(package: Path, manifest: dict[str, Any], key: str) -> None:
    """Point the manifest's ``files[key]`` entry at the graph now in the package, and write it."""
    manifest["files"][key] = file_entry(package / GRAPH_FILES[key], package)
    write_manifest(package, manifest)
    print(f"wrote {package / GRAPH_FILES[key]} ({manifest['files'][key]['bytes']} bytes)")
