"""Latent caches: world clips rendered (in worker processes when asked), encoded once by the
trained VAE and kept with everything a training step needs (caption ids, camera, actor
boxes as latent-grid masks, each actor's phrase tokens)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import torch

from .attention_loss import phrase_tokens, region_box_masks
from .common import Log, load_checkpoint, save_checkpoint
from .diffusion_stage import LatentCache
from .vae_stage import encode_clip
from .world_source import Sample, WorldSource, box_mask

KEYS = ("latents", "ids", "camera", "actors", "region_masks", "region_tokens")


def _render(job: tuple[WorldSource, int, bool]) -> Sample:
    world, index, camera = job
    return world.camera_sample(index) if camera else world.static_sample(index)


def _samples(world: WorldSource, count: int, camera: bool, workers: int) -> Iterator[Sample]:
    jobs = ((world, i, camera) for i in range(count))
    if workers <= 1:
        yield from map(_render, jobs)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(_render, jobs, chunksize=8)


def build_cache(path: Path, world: WorldSource, bundle, scaling: float, count: int, camera: bool, log: Log,
                max_regions: int = 4, workers: int = 1) -> LatentCache:
    """The cache at ``path`` if it holds ``count`` clips and every field, else a new one."""
    state = load_checkpoint(path)
    if state and state["latents"].shape[0] == count and all(state.get(k) is not None for k in KEYS):
        return LatentCache(*(state[k] for k in KEYS))
    started = time.monotonic()
    device = next(bundle.vae.parameters()).device
    fields: dict[str, list[torch.Tensor]] = {k: [] for k in KEYS}
    tokenizer = bundle.tokenizer.tokenizer
    for i, sample in enumerate(_samples(world, count, camera, workers)):
        with torch.no_grad():
            latents = encode_clip(bundle.vae, sample.frames, scaling, device).half().cpu()
        h, w = latents.shape[-2:]
        fields["latents"].append(latents)
        fields["ids"].append(torch.tensor(tokenizer.encode(sample.caption)))
        fields["camera"].append(torch.tensor(sample.camera, dtype=torch.float32))
        fields["actors"].append(torch.from_numpy(box_mask(sample.boxes, sample.visible, h, w)))
        fields["region_masks"].append(torch.from_numpy(region_box_masks(sample.boxes, sample.visible, h, w, max_regions)))
        fields["region_tokens"].append(torch.from_numpy(phrase_tokens(sample.caption, sample.spans, tokenizer.max_tokens,
                                                                      max_regions)))
        if (i + 1) % 100 == 0:
            log(stage="cache", camera=camera, clips=i + 1, seconds=round(time.monotonic() - started, 1))
    stacked = {k: torch.stack(v) for k, v in fields.items()}
    save_checkpoint(path, **stacked)
    return LatentCache(*(stacked[k] for k in KEYS))
