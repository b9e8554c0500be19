"""Training-free object control: cross-attention amplification and suppression.

Every spatial cross-attention layer (``attn2`` of the spatial transformers in the down,
mid and up blocks) computes ``softmax(scale * Q K^T + bias) V`` where, per frame f,
pixel p of the layer and token t,

    bias = sum_r gain[r, f] * inside[r, f, p] * tokens[r, t]                 (amplification)
         + SUPPRESSION_BIAS * suppress[t] * (1 - min(1, sum_r inside[r, f, p] * tokens[r, t]))

* The gain is added after the 1/sqrt(d) scale, as the official code does
  (``sim = scale * QK^T; sim += lambda * S``) and as the package contract writes it.
* ``inside`` is the region mask resized to the layer's resolution inside the graph by
  area averaging (a constant matrix per axis), then thresholded at 0.5: a layer pixel
  belongs to a box when at least half of it is covered.
* Suppression uses a large finite negative, not -inf: exp(-1e4 + s) underflows to exactly
  0 in float32 next to any unsuppressed token, while a row where every token is suppressed
  stays a plain softmax (shift invariance) instead of 0/0 = NaN. -1e4 also fits in fp16.
* With gains and suppression all zero the bias is exactly 0, so the scores are unchanged.
"""

from __future__ import annotations

import re

import numpy as np
import torch
from diffusers import UNet3DConditionModel
from diffusers.models.attention_processor import Attention

from .controls import ControlState, ObjectControls

SUPPRESSION_BIAS = -1.0e4
INSIDE_THRESHOLD = 0.5
SPATIAL_CROSS_ATTENTION = re.compile(
    r"^(down_blocks\.\d+|mid_block|up_blocks\.\d+)\.attentions\.\d+\.transformer_blocks\.\d+\.attn2$"
)


def area_resize_matrix(size_in: int, size_out: int) -> np.ndarray:
    """[size_out, size_in] matrix averaging the input cells each output cell overlaps."""
    matrix = np.zeros((size_out, size_in), dtype=np.float64)
    step = size_in / size_out
    for i in range(size_out):
        start, end = i * step, (i + 1) * step
        for j in range(int(np.floor(start)), min(size_in, int(np.ceil(end)))):
            matrix[i, j] = min(end, j + 1) - max(start, j)
    return (matrix / step).astype(np.float32)


def resize_masks(masks: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Area-resize masks [..., h, w] to [..., size[0], size[1]]."""
    height, width = masks.shape[-2:]
    if (int(height), int(width)) == size:
        return masks
    rows = torch.from_numpy(area_resize_matrix(int(height), size[0])).to(masks.device, masks.dtype)
    cols = torch.from_numpy(area_resize_matrix(int(width), size[1]).T.copy()).to(masks.device, masks.dtype)
    return torch.matmul(torch.matmul(rows, masks), cols)


def region_bias(objects: ObjectControls, size: tuple[int, int]) -> torch.Tensor:
    """Additive attention bias [B*F, 1, h*w, T] for a layer of the given spatial size."""
    coverage = resize_masks(objects.region_masks, size)  # [B, R, F, h, w]
    inside = (coverage >= INSIDE_THRESHOLD).to(coverage.dtype).flatten(3).permute(0, 2, 3, 1)  # [B, F, L, R]
    tokens = objects.region_tokens.unsqueeze(1)  # [B, 1, R, T]
    gained_tokens = objects.region_gain.permute(0, 2, 1).unsqueeze(-1) * tokens  # [B, F, R, T]
    amplification = torch.matmul(inside, gained_tokens)  # [B, F, L, T]
    allowed = torch.clamp(torch.matmul(inside, tokens), max=1.0)
    suppressed = objects.suppress_tokens[:, None, None, :] * (1.0 - allowed)
    bias = amplification + SUPPRESSION_BIAS * suppressed
    return bias.flatten(0, 1).unsqueeze(1)


def modulated_attention(
    query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, scale: float, bias: torch.Tensor | None
) -> torch.Tensor:
    """softmax(scale * Q K^T + bias) V with q [N, H, L, d], k/v [N, H, T, d], bias [N, 1, L, T]."""
    scores = torch.matmul(query, key.transpose(-1, -2)) * scale
    if bias is not None:
        scores = scores + bias
    return torch.matmul(scores.softmax(dim=-1), value)


class ObjectControlProcessor:
    """diffusers attention processor for a spatial cross-attention layer of UNet3D."""

    def __init__(self, state: ControlState) -> None:
        self.state = state

    def bias(self, sequence_length: int) -> torch.Tensor | None:
        objects = self.state.objects
        if objects is None:
            return None
        bias = self.state.cached_bias(sequence_length)
        if bias is None:
            bias = region_bias(objects, self.state.size_for_sequence(sequence_length))
            self.state.store_bias(sequence_length, bias)
        return bias

    def __call__(
        self,
        attn: Attention,
        hidden_states: torch.Tensor,
        encoder_hidden_states: torch.Tensor | None = None,
        attention_mask: torch.Tensor | None = None,
        temb: torch.Tensor | None = None,
    ) -> torch.Tensor:
        if encoder_hidden_states is None or attention_mask is not None or hidden_states.ndim != 3:
            raise ValueError("object control expects unmasked cross-attention over [N, L, C] features")
        batch, length, _ = hidden_states.shape
        heads = attn.heads
        query = attn.to_q(hidden_states)
        key = attn.to_k(encoder_hidden_states)
        value = attn.to_v(encoder_hidden_states)
        head_dim = key.shape[-1] // heads
        query = query.view(batch, -1, heads, head_dim).transpose(1, 2)
        key = key.view(batch, -1, heads, head_dim).transpose(1, 2)
        value = value.view(batch, -1, heads, head_dim).transpose(1, 2)
        if self.state.attention_maps is None:
            out = modulated_attention(query, key, value, attn.scale, self.bias(length))
        else:
            scores = torch.matmul(query, key.transpose(-1, -2)) * attn.scale
            bias = self.bias(length)
            probs = (scores if bias is None else scores + bias).softmax(dim=-1)
            self.state.attention_maps.append(probs.mean(dim=1))
            out = torch.matmul(probs, value)
        out = out.transpose(1, 2).reshape(batch, -1, heads * head_dim)
        return attn.to_out[1](attn.to_out[0](out))


def _check_plain(name: str, attn: Attention) -> None:
    unsupported = {
        "spatial_norm": attn.spatial_norm is not None,
        "group_norm": attn.group_norm is not None,
        "norm_cross": bool(attn.norm_cross),
        "norm_q/norm_k": attn.norm_q is not None or attn.norm_k is not None,
        "residual_connection": attn.residual_connection,
        "rescale_output_factor": attn.rescale_output_factor != 1.0,
    }
    found = [feature for feature, present in unsupported.items() if present]
    if found:
        raise ValueError(f"{name}: object control does not support attention with {', '.join(found)}")


def install_object_control(unet: UNet3DConditionModel, state: ControlState) -> list[str]:
    """Give every spatial cross-attention layer an ObjectControlProcessor; returns their names."""
    names = []
    for name, module in unet.named_modules():
        if SPATIAL_CROSS_ATTENTION.match(name):
            _check_plain(name, module)
            module.set_processor(ObjectControlProcessor(state))
            names.append(name)
    if not names:
        raise ValueError("the UNet has no spatial cross-attention layers")
    return names
