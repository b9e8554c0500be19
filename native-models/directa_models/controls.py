"""Per-call control inputs shared by the camera fusers and the object-control processors.

diffusers' UNet3DConditionModel has no channel for extra tensors that reaches both its
temporal transformer blocks and its attention processors, so the Direct-a-Video wrapper
puts the inputs of one forward call into a ``ControlState`` that every installed module
holds a reference to. The state is only populated inside ``ControlState.active``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class CameraControls:
    """The per-sample gate [B] and what the installed camera path reads: camera tokens
    [B, 2, D] (xy token, zoom token) for the official fusers, or the raw camera [B, 3]
    (cx, cy, cz) for the window-coordinate path."""

    tokens: torch.Tensor | None
    gate: torch.Tensor
    camera: torch.Tensor | None = None


@dataclass(frozen=True)
class ObjectControls:
    """Object-control inputs exactly as the package contract names them.

    region_masks [B, R, F, h, w] (0..1 at latent size), region_tokens [B, R, T] (0/1),
    region_gain [B, R, F] (lambda * (1 - area), 0 when t < tau * T), suppress_tokens [B, T] (0/1).
    """

    region_masks: torch.Tensor
    region_tokens: torch.Tensor
    region_gain: torch.Tensor
    suppress_tokens: torch.Tensor


def level_sizes(height: int, width: int, levels: int) -> list[tuple[int, int]]:
    """Spatial sizes of the UNet's resolution levels: each down block halves with ceil,
    as a stride-2, padding-1, kernel-3 convolution does."""
    sizes = [(height, width)]
    for _ in range(levels - 1):
        h, w = sizes[-1]
        sizes.append(((h + 1) // 2, (w + 1) // 2))
    return sizes


class ControlState:
    """Holds the control inputs of the forward call in progress (None outside a call)."""

    def __init__(self, num_levels: int) -> None:
        self.num_levels = num_levels
        self.camera: CameraControls | None = None
        self.objects: ObjectControls | None = None
        self._bias_cache: dict[int, torch.Tensor] = {}
        #: while recording (training's attention loss): each spatial cross-attention layer's
        #: probabilities averaged over heads, [B*F, L, T], in call order
        self.attention_maps: list[torch.Tensor] | None = None

    @contextmanager
    def recording_attention(self) -> Iterator[list[torch.Tensor]]:
        self.attention_maps = maps = []
        try:
            yield maps
        finally:
            self.attention_maps = None

    @contextmanager
    def active(self, camera: CameraControls | None, objects: ObjectControls | None) -> Iterator[None]:
        self.camera, self.objects, self._bias_cache = camera, objects, {}
        try:
            yield
        finally:
            self.camera, self.objects, self._bias_cache = None, None, {}

    def size_for_sequence(self, sequence_length: int) -> tuple[int, int]:
        """Map a spatial attention layer's query length to its (height, width)."""
        if self.objects is None:
            raise RuntimeError("no object controls are active")
        height, width = self.objects.region_masks.shape[-2:]
        for size in level_sizes(int(height), int(width), self.num_levels):
            if size[0] * size[1] == sequence_length:
                return size
        raise ValueError(
            f"spatial attention over {sequence_length} positions matches no UNet level of a "
            f"{height}x{width} latent"
        )

    def cached_bias(self, sequence_length: int) -> torch.Tensor | None:
        return self._bias_cache.get(sequence_length)

    def store_bias(self, sequence_length: int, bias: torch.Tensor) -> None:
        self._bias_cache[sequence_length] = bias
