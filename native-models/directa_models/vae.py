"""VAE decoder graph: latent [N, C, h, w] -> image [N, 3, H, W] in [-1, 1].

The graph takes latents already divided by the manifest's ``latent.scalingFactor``
(as diffusers pipelines do before ``vae.decode``) and clamps its output to [-1, 1].
"""

from __future__ import annotations

import torch
from diffusers import AutoencoderKL
from torch import nn


def vae_scale_factor(vae: AutoencoderKL) -> int:
    return 2 ** (len(vae.config.block_out_channels) - 1)


class VaeDecoderGraph(nn.Module):
    def __init__(self, vae: AutoencoderKL) -> None:
        super().__init__()
        self.vae = vae

    def forward(self, latent: torch.Tensor) -> torch.Tensor:
        return self.vae.decode(latent, return_dict=False)[0].clamp(-1.0, 1.0)
