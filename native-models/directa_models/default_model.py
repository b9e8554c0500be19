"""The default model family: word tokenizer + small text encoder, a UNet3DConditionModel
with the camera module, and an AutoencoderKL, described by one JSON config.

Config (JSON, camelCase like the manifest):
    package:      id, name, description, license, source, width, height, frames, fps,
                  maxRegions, scheduler {...}, defaults {...}, optional eval {...}
    textEncoder:  vocabFile (relative to the config), maxTokens, dim, layers, heads, mlpRatio
    unet:         diffusers UNet3DConditionModel config
    vae:          diffusers AutoencoderKL config

Weights (safetensors): ``unet.<key>`` (UNet3D keys plus the official camera keys
``position_net.*`` and ``*.fuser.*``), ``text_encoder.<key>``, ``vae.<key>``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from diffusers import AutoencoderKL
from safetensors import safe_open
from safetensors.torch import load_file, save_file
from torch import nn

from .package import ModelBundle, PackageInfo
from .package_tokenizers import WordVocabulary
from .text import WordEncoderConfig, WordTextEncoder, WordTokenizer
from .unet import CheckpointError, DirectAVideoUNet

CONFIG_DIR = Path(__file__).resolve().parents[1] / "configs"
TINY_CONFIG = CONFIG_DIR / "tiny.json"
WEIGHT_PREFIXES = ("unet.", "text_encoder.", "vae.")


@dataclass
class DefaultModelConfig:
    info: PackageInfo
    text: WordEncoderConfig
    vocab: list[str]
    unet: dict[str, Any]
    vae: dict[str, Any]


class _Section:
    """A config object whose missing keys raise errors that name the file and section."""

    def __init__(self, values: Any, where: str) -> None:
        if not isinstance(values, dict):
            raise ValueError(f"{where}: must be an object")
        self.values, self.where = values, where

    def __getitem__(self, key: str) -> Any:
        if key not in self.values:
            raise ValueError(f"{self.where}: missing key '{key}'")
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def load_config(path: Path) -> DefaultModelConfig:
    try:
        raw = _Section(json.loads(path.read_text(encoding="utf-8")), str(path))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: cannot read config: {error}") from error
    p = _Section(raw["package"], f"{path}: package")
    info = PackageInfo(
        id=p["id"], name=p["name"], description=p["description"], license=p["license"], source=p["source"],
        width=p["width"], height=p["height"], frames=p["frames"], fps=p["fps"], max_regions=p["maxRegions"],
        scheduler=p["scheduler"], defaults=p["defaults"], eval=p.get("eval"), locator=p.get("locator"),
    )
    t = _Section(raw["textEncoder"], f"{path}: textEncoder")
    vocab_path = path.parent / t["vocabFile"]
    if not vocab_path.is_file():
        raise ValueError(f"{path}: vocabulary file {vocab_path} not found")
    vocab = vocab_path.read_text(encoding="utf-8").splitlines()
    encoder = WordEncoderConfig(vocab_size=len(vocab), max_tokens=t["maxTokens"], dim=t["dim"],
                                layers=t["layers"], heads=t["heads"], mlp_ratio=t.get("mlpRatio", 4))
    return DefaultModelConfig(info, encoder, vocab, raw["unet"], raw["vae"])


def build_bundle(config: DefaultModelConfig, seed: int) -> ModelBundle:
    """Models of the config with random weights drawn from ``seed``."""
    torch.manual_seed(seed)
    unet = DirectAVideoUNet.from_config(config.unet).eval()
    encoder = WordTextEncoder(config.text).eval()
    vae = AutoencoderKL.from_config(config.vae).eval()
    tokenizer = WordVocabulary(WordTokenizer(config.vocab, config.text.max_tokens))
    return ModelBundle(unet, encoder, vae, tokenizer, config.text.max_tokens, config.text.dim)


def randomize_camera_gates(unet: DirectAVideoUNet, seed: int) -> None:
    """Give every fuser gate a random value in [0.5, 1) so that the camera acts (random packages)."""
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, parameter in unet.unet.named_parameters():
            if name.endswith((".fuser.alpha_attn", ".fuser.alpha_dense")):
                parameter.copy_(0.5 + 0.5 * torch.rand((), generator=generator))


def _components(bundle: ModelBundle) -> dict[str, nn.Module]:
    return {"unet.": bundle.unet.unet, "text_encoder.": bundle.text_encoder, "vae.": bundle.vae}


def save_weights(bundle: ModelBundle, path: Path, half: bool = False, metadata: dict[str, str] | None = None) -> None:
    """All weights in one safetensors file (float16 with ``half``: a checkpoint to commit and
    resume from; the VAE's latent scaling factor goes into the metadata)."""
    tensors = {
        prefix + key: (value.half() if half and value.is_floating_point() else value).detach().cpu().contiguous()
        for prefix, module in _components(bundle).items()
        for key, value in module.state_dict().items()
    }
    meta = {"scaling_factor": str(bundle.vae.config.scaling_factor), **(metadata or {})}
    save_file(tensors, str(path), metadata=meta)


def weights_metadata(path: Path) -> dict[str, str]:
    with safe_open(str(path), "pt") as handle:
        return dict(handle.metadata() or {})


def load_weights(bundle: ModelBundle, path: Path, new_ok: tuple[str, ...] = ()) -> list[str]:
    """Load a weights file into the bundle; every component must match exactly, except that
    keys under a prefix in ``new_ok`` (e.g. a camera route the file predates) may be missing
    and keep their initial values. Returns those missing keys."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: weights file not found")
    tensors = load_file(str(path))
    stray = sorted(k for k in tensors if not k.startswith(WEIGHT_PREFIXES))
    if stray:
        raise CheckpointError(f"{path}: keys outside unet./text_encoder./vae., e.g. {stray[:3]}")
    kept = []
    for prefix, module in _components(bundle).items():
        part = {k[len(prefix):]: v for k, v in tensors.items() if k.startswith(prefix)}
        for key, value in module.state_dict().items():
            if new_ok and prefix + key not in tensors and (prefix + key).startswith(new_ok):
                part[key] = value
                kept.append(prefix + key)
        try:
            module.load_state_dict(part, strict=True)
        except RuntimeError as error:
            raise CheckpointError(f"{path}: {prefix.rstrip('.')} weights do not fit the config: {error}") from error
    return kept
