"""Teaching a small model to tie an actor's words to where the actor is (issue 10, part 4).

Direct-a-Video's object control is training-free: it amplifies an actor's prompt tokens
inside the actor's box in every spatial cross-attention layer. That only works when the
model's cross-attention already puts those tokens on the actor; a small model trained
briefly barely does. In the spirit of TokenCompose (Wang et al. 2024), training adds a
token loss: for every actor phrase token t and every spatial cross-attention layer, the
share of t's attention (normalised over the layer's pixels) that falls inside the actor's
true box should be 1:

    L = mean over layers, frames where the actor is seen, actors, their tokens of
        (1 − Σ_{p ∈ box} A[p, t] / Σ_p A[p, t])²

The world gives the boxes for free. Object control itself stays training-free: the
modulation is measured on and off at evaluation.
"""

from __future__ import annotations

import re

import numpy as np
import torch

from ..object_control import resize_masks
from ..text import WORD_PATTERN


def phrase_tokens(caption: str, spans: list[tuple[int, int]], max_tokens: int, max_regions: int) -> np.ndarray:
    """uint8 [R, T]: 1 where token t (word tokenizer: <bos> then one token per word) belongs
    to phrase r, whose characters are spans[r] (end exclusive)."""
    out = np.zeros((max_regions, max_tokens), np.uint8)
    for position, match in enumerate(re.finditer(WORD_PATTERN, caption.lower())):
        token = position + 1
        if token >= max_tokens - 1:
            break
        for r, (start, end) in enumerate(spans[:max_regions]):
            if start <= match.start() < end:
                out[r, token] = 1
    return out


def region_box_masks(boxes: np.ndarray, visible: np.ndarray, height: int, width: int, max_regions: int) -> np.ndarray:
    """bool [R, F, height, width]: each actor's true box on a latent grid, empty where unseen."""
    frames = boxes.shape[1]
    out = np.zeros((max_regions, frames, height, width), bool)
    for r, (actor, seen) in enumerate(zip(boxes[:max_regions], visible[:max_regions])):
        for f, (x1, y1, x2, y2) in enumerate(actor):
            if seen[f] > 0:
                out[r, f, int(np.floor(y1 * height)):int(np.ceil(y2 * height)),
                    int(np.floor(x1 * width)):int(np.ceil(x2 * width))] = True
    return out


def level_shape(length: int, height: int, width: int) -> tuple[int, int]:
    """The (h, w) of a layer with ``length`` pixels, halving a height x width latent with ceil."""
    h, w = height, width
    while h * w > length:
        h, w = (h + 1) // 2, (w + 1) // 2
    if h * w != length:
        raise ValueError(f"{length} pixels match no level of a {height}x{width} latent")
    return h, w


def token_attention_loss(maps: list[torch.Tensor], masks: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """maps: per layer [B*F, L, T] attention probabilities; masks [B, R, F, h, w] (0/1, latent
    size); tokens [B, R, T] (0/1). Returns the mean squared outside-share (0 without actors)."""
    batch, regions, frames, height, width = masks.shape
    losses = []
    for probs in maps:
        h, w = level_shape(probs.shape[1], height, width)
        inside = (resize_masks(masks.float(), (h, w)) >= 0.5).float()  # [B, R, F, h, w]
        inside = inside.permute(0, 2, 1, 3, 4).reshape(batch * frames, regions, h * w)  # [BF, R, L]
        share_in = torch.matmul(inside, probs) / probs.sum(1, keepdim=True).clamp_min(1e-8)  # [BF, R, T]
        weight = tokens.repeat_interleave(frames, 0).float() * (inside.sum(-1, keepdim=True) > 0)  # [BF, R, T]
        if weight.sum() > 0:
            losses.append(((1 - share_in) ** 2 * weight).sum() / weight.sum())
    if not losses:
        return masks.new_zeros(())
    return torch.stack(losses).mean()
