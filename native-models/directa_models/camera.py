"""Direct-a-Video camera module on a diffusers UNet3DConditionModel.

Module and parameter names follow the official checkpoint ``unet_cam_model.ckpt``:

* ``position_net.linears_xy.{0,2,4}`` and ``position_net.linears_s.{0,2,4}``: the two MLPs
  that turn the Fourier-embedded (cx, cy) and cz into two camera tokens of width D, the
  UNet's cross-attention dim.
* ``<block>.temp_attentions.<i>.transformer_blocks.<j>.fuser.*``: a gated single-head
  temporal cross-attention (``attn.to_q``, ``attn.to_{k,v}_temp_{xy,s}``, ``attn.to_out.0``),
  a gated GEGLU feed-forward (``ff.net.0.proj``, ``ff.net.2``), its LayerNorm (``norm``)
  and the scalar gates ``alpha_attn`` and ``alpha_dense``. Fusers sit in the temporal
  transformers of the cross-attention blocks (down, mid, up), between the block's second
  attention and its feed-forward; ``transformer_in`` has none.
"""

from __future__ import annotations

import re

import torch
from diffusers import UNet3DConditionModel
from diffusers.models.attention import BasicTransformerBlock, FeedForward
from torch import nn

from .controls import CameraControls, ControlState

NUM_FREQS = 8
FREQ_BASE = 100.0
MLP_HIDDEN = 512
TEMPORAL_TRANSFORMER = re.compile(r"^(down_blocks\.\d+|mid_block|up_blocks\.\d+)\.temp_attentions\.\d+$")


def fourier_frequencies(num_freqs: int = NUM_FREQS, base: float = FREQ_BASE) -> torch.Tensor:
    """Frequencies base^(k / num_freqs) for k = 0 .. num_freqs - 1."""
    return base ** (torch.arange(num_freqs, dtype=torch.float32) / num_freqs)


def fourier_embed(values: torch.Tensor, freqs: torch.Tensor) -> torch.Tensor:
    """Sign-preserving Fourier features of values [B, n] -> [B, 2 * K * n].

    For each frequency f_k (K of them) the layout is
    [sign(v_i)|sin(f_k v_i)| for i in n, sign(v_i)|cos(f_k v_i)| for i in n].
    """
    angles = freqs.view(1, -1, 1) * values.unsqueeze(1)  # [B, K, n]
    sign = torch.sign(values).unsqueeze(1)
    features = torch.stack((sign * angles.sin().abs(), sign * angles.cos().abs()), dim=2)  # [B, K, 2, n]
    return features.flatten(1)


def _mlp(in_dim: int, hidden: int, out_dim: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(in_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden), nn.SiLU(), nn.Linear(hidden, out_dim)
    )


class CameraEmbedder(nn.Module):
    """camera [B, 3] = (cx, cy, cz) -> camera tokens [B, 2, D] (xy token, zoom token)."""

    def __init__(self, out_dim: int, hidden: int = MLP_HIDDEN, num_freqs: int = NUM_FREQS) -> None:
        super().__init__()
        self.register_buffer("freqs", fourier_frequencies(num_freqs), persistent=False)
        self.linears_xy = _mlp(2 * 2 * num_freqs, hidden, out_dim)
        self.linears_s = _mlp(2 * num_freqs, hidden, out_dim)

    def forward(self, camera: torch.Tensor) -> torch.Tensor:
        xy = self.linears_xy(fourier_embed(camera[:, 0:2], self.freqs))
        zoom = self.linears_s(fourier_embed(camera[:, 2:3], self.freqs))
        return torch.stack((xy, zoom), dim=1)


class CameraAttention(nn.Module):
    """Single-head cross-attention from frame features to the two camera tokens."""

    def __init__(self, dim: int, context_dim: int, head_dim: int) -> None:
        super().__init__()
        self.scale = head_dim**-0.5
        self.to_q = nn.Linear(dim, head_dim, bias=False)
        self.to_k_temp_xy = nn.Linear(context_dim, head_dim, bias=False)
        self.to_k_temp_s = nn.Linear(context_dim, head_dim, bias=False)
        self.to_v_temp_xy = nn.Linear(context_dim, head_dim, bias=False)
        self.to_v_temp_s = nn.Linear(context_dim, head_dim, bias=False)
        self.to_out = nn.ModuleList([nn.Linear(head_dim, dim)])

    def forward(self, hidden: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
        """hidden [B, L, C], tokens [B, 2, D] -> [B, L, C]."""
        xy, zoom = tokens[:, 0:1], tokens[:, 1:2]
        key = torch.cat((self.to_k_temp_xy(xy), self.to_k_temp_s(zoom)), dim=1)
        value = torch.cat((self.to_v_temp_xy(xy), self.to_v_temp_s(zoom)), dim=1)
        scores = torch.matmul(self.to_q(hidden), key.transpose(1, 2)) * self.scale
        return self.to_out[0](torch.matmul(scores.softmax(dim=-1), value))


class CameraFuser(nn.Module):
    """x + g tanh(alpha_attn) attn(x, cam); x + g tanh(alpha_dense) ff(norm(x)); g = camera_gate."""

    def __init__(self, dim: int, context_dim: int, head_dim: int) -> None:
        super().__init__()
        self.attn = CameraAttention(dim, context_dim, head_dim)
        self.ff = FeedForward(dim, mult=2, activation_fn="geglu")
        self.norm = nn.LayerNorm(dim)
        self.alpha_attn = nn.Parameter(torch.tensor(0.0))
        self.alpha_dense = nn.Parameter(torch.tensor(0.0))

    def forward(self, hidden: torch.Tensor, camera: CameraControls) -> torch.Tensor:
        """hidden [B*h*w, F, C] from a temporal transformer; batch-major like its input."""
        batch = camera.tokens.shape[0]
        x = hidden.reshape(batch, -1, hidden.shape[-1])
        gate = camera.gate.reshape(batch, 1, 1)
        x = x + gate * torch.tanh(self.alpha_attn) * self.attn(x, camera.tokens)
        x = x + gate * torch.tanh(self.alpha_dense) * self.ff(self.norm(x))
        return x.reshape(hidden.shape)


class CameraTemporalBlock(nn.Module):
    """A temporal BasicTransformerBlock with a camera fuser between attn2 and the feed-forward.

    It takes over the stock block's submodules under their own names, so the base weights
    keep their keys and the fuser adds ``fuser.*`` next to them.
    """

    def __init__(self, block: BasicTransformerBlock, context_dim: int, state: ControlState) -> None:
        super().__init__()
        if block.norm_type != "layer_norm" or block.pos_embed is not None or block.attn2 is None:
            raise ValueError("camera fusers need plain layer-norm temporal blocks with two attentions")
        if block.only_cross_attention or block._chunk_size is not None:
            raise ValueError("camera fusers do not support cross-only or chunked temporal blocks")
        self.norm1, self.attn1 = block.norm1, block.attn1
        self.norm2, self.attn2 = block.norm2, block.attn2
        self.norm3, self.ff = block.norm3, block.ff
        dim = block.norm1.normalized_shape[0]
        head_dim = block.attn1.inner_dim // block.attn1.heads
        self.fuser = CameraFuser(dim, context_dim, head_dim)
        self._state = state

    def forward(
        self,
        hidden_states: torch.Tensor,
        encoder_hidden_states: torch.Tensor | None = None,
        **_unused: object,
    ) -> torch.Tensor:
        hidden_states = self.attn1(self.norm1(hidden_states)) + hidden_states
        attended = self.attn2(self.norm2(hidden_states), encoder_hidden_states=encoder_hidden_states)
        hidden_states = attended + hidden_states
        if self._state.camera is not None:
            hidden_states = self.fuser(hidden_states, self._state.camera)
        return self.ff(self.norm3(hidden_states)) + hidden_states


def install_camera_module(unet: UNet3DConditionModel, state: ControlState) -> CameraEmbedder:
    """Add ``position_net`` and a fuser in every temporal transformer of the cross-attention
    blocks. New gates start at 0, so the UNet is unchanged until the module is trained."""
    context_dim = unet.config.cross_attention_dim
    transformers = [m for name, m in unet.named_modules() if TEMPORAL_TRANSFORMER.match(name)]
    if not transformers:
        raise ValueError("the UNet has no temporal transformers in cross-attention blocks")
    for transformer in transformers:
        blocks = transformer.transformer_blocks
        for index, block in enumerate(blocks):
            blocks[index] = CameraTemporalBlock(block, context_dim, state)
    unet.position_net = CameraEmbedder(context_dim)
    return unet.position_net


def is_camera_key(key: str) -> bool:
    """True for state-dict keys that belong to the camera module (embedder or fusers)."""
    return key.startswith("position_net.") or ".fuser." in key
