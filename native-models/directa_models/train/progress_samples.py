"""Sample sheets written while training, so that a run can be judged by eye as it goes:

* after the VAE: held-out frames over their reconstructions;
* after the base and the camera stages: clips generated from held-out captions (the
  reference sampling loop, DPM-Solver++ 10 steps), a static shot and, for the camera
  stage, a pan right and a zoom in. Each row: frames 0, 5, 10 and 15.

Files: ``OUT/samples/<stage>-<step>.png``."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageDraw

from ..package import ModelBundle, PackageInfo
from ..package_tokenizers import WordVocabulary
from ..reference_pipeline import ReferenceSettings, WordTokenizerSpec, sample
from ..world.render import render_clip
from ..world.scene import clip_seed
from .vae_stage import to_tensor

COLUMNS = (0, 5, 10, 15)
CAPTION_HEIGHT = 14
CAMERAS = {"base": [(0.0, 0.0, 1.0)], "camera": [(0.0, 0.0, 1.0), (0.5, 0.0, 1.0), (0.0, 0.0, 1.5)]}


def to_images(frames: torch.Tensor) -> np.ndarray:
    """[F, 3, H, W] in [-1, 1] -> uint8 [F, H, W, 3]."""
    return ((frames.clamp(-1, 1) + 1) * 127.5).round().byte().permute(0, 2, 3, 1).numpy()


def grid(rows: list[tuple[str, np.ndarray]]) -> Image.Image:
    """rows of (label, uint8 [F, H, W, 3]) -> one image: the label, then the COLUMNS frames."""
    h, w = rows[0][1].shape[1:3]
    picked = [c for c in COLUMNS if c < rows[0][1].shape[0]]
    sheet = Image.new("RGB", (w * len(picked), (h + CAPTION_HEIGHT) * len(rows)), "white")
    draw = ImageDraw.Draw(sheet)
    for r, (label, frames) in enumerate(rows):
        top = r * (h + CAPTION_HEIGHT)
        draw.text((2, top + 1), label[:100], fill="black")
        for c, f in enumerate(picked):
            sheet.paste(Image.fromarray(frames[f]), (c * w, top + CAPTION_HEIGHT))
    return sheet


def reference_settings(bundle: ModelBundle, info: PackageInfo, latent_hw: tuple[int, int]) -> ReferenceSettings:
    if not isinstance(bundle.tokenizer, WordVocabulary):
        raise ValueError("training samples need the word tokenizer")
    t = bundle.tokenizer.tokenizer
    fields = bundle.tokenizer.manifest_fields()
    return ReferenceSettings(
        channels=bundle.vae.config.latent_channels, frames=info.frames, height=latent_hw[0], width=latent_hw[1],
        max_regions=info.max_regions,
        tokenizer=WordTokenizerSpec(tuple(t.vocab), bundle.max_tokens, t.bos, t.eos, t.pad, t.unk, fields["pattern"]),
        scheduler=dict(info.scheduler), defaults=dict(info.defaults))


@torch.no_grad()
def vae_sheet(bundle: ModelBundle, info: PackageInfo, path: Path, clips: int = 2) -> Path:
    rows = []
    for i in range(clips):
        clip = render_clip(clip_seed("heldout", i), info.frames, info.width, info.height)
        recon = bundle.vae.decode(bundle.vae.encode(to_tensor(clip.frames)).latent_dist.mean).sample
        rows += [(clip.caption, clip.frames), ("reconstruction", to_images(recon))]
    return save(grid(rows), path)


@torch.no_grad()
def generation_sheet(bundle: ModelBundle, info: PackageInfo, stage: str, path: Path, prompts: int = 2,
                     steps: int = 10) -> Path:
    was_training = bundle.unet.training, bundle.text_encoder.training
    bundle.unet.eval()
    bundle.text_encoder.eval()
    factor = 2 ** (len(bundle.vae.config.block_out_channels) - 1)
    settings = reference_settings(bundle, info, (info.height // factor, info.width // factor))
    scaling = bundle.vae.config.scaling_factor
    rows = []
    for i in range(prompts):
        caption = render_clip(clip_seed("heldout", i), 1, 32, 18).caption
        for cx, cy, cz in CAMERAS[stage]:
            spec = {"prompt": caption, "negativePrompt": "", "camera": {"cx": cx, "cy": cy, "cz": cz}, "objects": [],
                    "durationFrames": info.frames, "sampler": {"steps": steps, "guidance": None, "scheduler": "dpmpp-2m"}}
            noise = torch.randn((settings.channels, settings.frames, settings.height, settings.width),
                                generator=torch.Generator().manual_seed(i))
            run = sample(bundle.unet, bundle.text_encoder, settings, spec, noise)
            latents = run.latents[-1].permute(1, 0, 2, 3) / scaling  # [F, C, h, w]
            frames = torch.cat([bundle.vae.decode(latents[k:k + 4]).sample for k in range(0, latents.shape[0], 4)])
            rows.append((f"{caption}  camera {cx:+.1f} {cy:+.1f} x{cz:.1f}", to_images(frames)))
    bundle.unet.train(was_training[0])
    bundle.text_encoder.train(was_training[1])
    return save(grid(rows), path)


def save(image: Image.Image, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path
