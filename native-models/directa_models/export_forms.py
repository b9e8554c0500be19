"""Export-time forms: the same modules and weights, written so that the ONNX graph uses
the fused kernels onnxruntime has, with fewer and cheaper operators.

Inside ``onnx_forms(module)`` (used by ``onnx_export.export_graph``), for the duration of
an export only:

* **Attention** (diffusers ``Attention`` without norms or residuals, and the object-control
  cross-attention with its region bias) becomes one ``com.microsoft.MultiHeadAttention``
  node over the projections [N, L, heads * d]: no head split/merge transposes in the graph,
  no [N, heads, L, L] score tensor in memory (onnxruntime's CPU kernel runs flash attention
  when there is no bias, and its fused unfused-attention loop with the region bias).
* **Linear layers on 3-D and larger inputs** run on the input flattened to [rows, in]: the
  exporter then writes ``Gemm`` with the bias inside instead of ``MatMul`` + ``Add``.
* **GEGLU** (``proj`` then ``chunk(2)``) becomes two ``Gemm`` on the two halves of the
  projection's weight and bias: no [rows, 2 * inner] tensor and no two ``Slice`` copies.
* **Temporal convolutions** (``Conv3d`` with a (k, 1, 1) kernel) become ``Conv2d`` over
  [B, C, F, h * w], which onnxruntime runs in its blocked NCHWc layout.

Each form computes the same function as the module it stands in for with the same
parameter values; only the order of float32 operations changes (the package tests hold the
exported graphs to the PyTorch modules within 1e-4). Outside the context every module is
exactly as before: training and the PyTorch reference never see these forms.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager

import torch
import torch.nn.functional as F
from diffusers.models.activations import GEGLU
from diffusers.models.attention_processor import Attention
from torch import nn
from torch.onnx import symbolic_helper

from .object_control import ObjectControlProcessor

#: the operator that attention becomes, in onnxruntime's contrib domain
MHA_DOMAIN = "com.microsoft"
MHA_OP = "MultiHeadAttention"


def split_heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    """[N, L, heads * d] -> [N, heads, L, d]."""
    return x.view(x.shape[0], x.shape[1], heads, x.shape[2] // heads).transpose(1, 2)


class _MultiHeadAttention(torch.autograd.Function):
    """softmax(scale Q K^T + bias) V over projections [N, L, heads * d]; bias [N or 1, 1 or
    heads, Lq, Lk] or None. Exported as one com.microsoft.MultiHeadAttention node."""

    @staticmethod
    def forward(ctx, query, key, value, bias, heads: int, scale: float):  # noqa: ANN001, ANN205
        q, k, v = split_heads(query, heads), split_heads(key, heads), split_heads(value, heads)
        scores = torch.matmul(q, k.transpose(-1, -2)) * scale
        if bias is not None:
            scores = scores + bias
        out = torch.matmul(scores.softmax(dim=-1), v)
        return out.transpose(1, 2).reshape(query.shape[0], query.shape[1], -1)

    @staticmethod
    def symbolic(g, query, key, value, bias, heads: int, scale: float):  # noqa: ANN001, ANN205
        inputs = [query, key, value]
        if not symbolic_helper._is_none(bias):
            missing = symbolic_helper._optional_input_placeholder_tensor(g)
            inputs += [missing, missing, bias]  # packed QKV bias, key padding mask, attention bias
        out = g.op(f"{MHA_DOMAIN}::{MHA_OP}", *inputs, num_heads_i=heads, scale_f=scale)
        out.setType(query.type())
        return out


def fused_attention(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor, heads: int, scale: float,
                    bias: torch.Tensor | None = None) -> torch.Tensor:
    return _MultiHeadAttention.apply(query, key, value, bias, heads, scale)


def is_plain(attn: Attention) -> bool:
    """True for attention that is only projections, scaled dot products and an output
    projection (no norms, residual, rescaling or masks of its own; values as wide as queries)."""
    return (attn.to_q.out_features == attn.to_v.out_features and attn.spatial_norm is None
            and attn.group_norm is None and not attn.norm_cross and attn.norm_q is None and attn.norm_k is None
            and not attn.residual_connection and attn.rescale_output_factor == 1.0)


class FusedAttnProcessor:
    """Plain self- or cross-attention over [N, L, C] as one MultiHeadAttention node."""

    def __call__(self, attn: Attention, hidden_states: torch.Tensor, encoder_hidden_states: torch.Tensor | None = None,
                 attention_mask: torch.Tensor | None = None, temb: torch.Tensor | None = None,
                 **_: object) -> torch.Tensor:
        if attention_mask is not None or hidden_states.ndim != 3:
            raise ValueError("export attention takes unmasked [N, L, C] features")
        context = hidden_states if encoder_hidden_states is None else encoder_hidden_states
        out = fused_attention(attn.to_q(hidden_states), attn.to_k(context), attn.to_v(context), attn.heads,
                              float(attn.scale))
        return attn.to_out[1](attn.to_out[0](out))


class FusedObjectControlProcessor(ObjectControlProcessor):
    """The object-control cross-attention with its region bias, as one MultiHeadAttention
    node; recording attention maps (training) keeps the plain processor's path."""

    def __call__(self, attn: Attention, hidden_states: torch.Tensor, encoder_hidden_states: torch.Tensor | None = None,
                 attention_mask: torch.Tensor | None = None, temb: torch.Tensor | None = None) -> torch.Tensor:
        if self.state.attention_maps is not None or encoder_hidden_states is None or attention_mask is not None \
                or hidden_states.ndim != 3:
            return super().__call__(attn, hidden_states, encoder_hidden_states, attention_mask, temb)
        bias = self.bias(hidden_states.shape[1])
        out = fused_attention(attn.to_q(hidden_states), attn.to_k(encoder_hidden_states),
                              attn.to_v(encoder_hidden_states), attn.heads, float(attn.scale), bias)
        return attn.to_out[1](attn.to_out[0](out))


def _flat_linear(self: nn.Linear, x: torch.Tensor) -> torch.Tensor:
    if x.dim() <= 2:
        return F.linear(x, self.weight, self.bias)
    y = F.linear(x.reshape(-1, x.shape[-1]), self.weight, self.bias)
    return y.reshape(*x.shape[:-1], y.shape[-1])


def _split_geglu(self: GEGLU, x: torch.Tensor, *_: object, **__: object) -> torch.Tensor:
    weight, bias = self.proj.weight, self.proj.bias
    inner = weight.shape[0] // 2
    rows = x.reshape(-1, x.shape[-1])
    hidden = F.linear(rows, weight[:inner], None if bias is None else bias[:inner])
    gate = F.linear(rows, weight[inner:], None if bias is None else bias[inner:])
    return (hidden * self.gelu(gate)).reshape(*x.shape[:-1], inner)


def _is_temporal_conv(conv: nn.Conv3d) -> bool:
    return (conv.kernel_size[1:] == (1, 1) and conv.stride == (1, 1, 1) and conv.dilation == (1, 1, 1)
            and tuple(conv.padding[1:]) == (0, 0) and conv.groups == 1 and conv.padding_mode == "zeros")


def _temporal_conv2d(self: nn.Conv3d, x: torch.Tensor) -> torch.Tensor:
    batch, _, frames, height, width = x.shape
    y = F.conv2d(x.reshape(batch, x.shape[1], frames, height * width), self.weight.squeeze(-1), self.bias,
                 padding=(self.padding[0], 0))
    return y.reshape(batch, y.shape[1], y.shape[2], height, width)


@contextmanager
def onnx_forms(root: nn.Module) -> Iterator[int]:
    """Install the export forms on every matching submodule of ``root``; yields how many
    were installed and restores every module on exit."""
    patched: list[nn.Module] = []
    processors: list[tuple[Attention, object]] = []
    try:
        for module in root.modules():
            if isinstance(module, Attention):
                if isinstance(module.processor, ObjectControlProcessor):
                    fused = FusedObjectControlProcessor(module.processor.state)
                elif is_plain(module):
                    fused = FusedAttnProcessor()
                else:
                    continue
                processors.append((module, module.processor))
                module.processor = fused
            elif isinstance(module, GEGLU):
                module.forward = types.MethodType(_split_geglu, module)
                patched.append(module)
            elif type(module) is nn.Linear:
                module.forward = types.MethodType(_flat_linear, module)
                patched.append(module)
            elif type(module) is nn.Conv3d and _is_temporal_conv(module):
                module.forward = types.MethodType(_temporal_conv2d, module)
                patched.append(module)
        yield len(patched) + len(processors)
    finally:
        for module in patched:
            del module.forward
        for module, processor in processors:
            module.processor = processor
