"""Object control: the processor against a slow reference, mask resizing, gain placement,
suppression and the attention mass of an object's tokens."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import torch
from diffusers.models.attention_processor import Attention, AttnProcessor2_0

from directa_models.controls import ControlState, ObjectControls
from directa_models.object_control import (
    ObjectControlProcessor,
    area_resize_matrix,
    modulated_attention,
    region_bias,
)

B, R, F, T, H, W = 2, 3, 2, 6, 16, 16


def _objects(gain: float = 25.0, seed: int = 0) -> ObjectControls:
    """Two boxes (tokens 1 and 2-3) and a background region (token 4); BOS (0) and the
    last token are never suppressed, so no row is fully suppressed."""
    generator = torch.Generator().manual_seed(seed)
    masks = torch.zeros(B, R, F, H, W)
    masks[:, 0, 0, 2:9, 3:12] = 1.0
    masks[:, 0, 1, 4:11, 5:14] = 1.0
    masks[:, 1, :, 10:16, 0:6] = 1.0
    masks[:, 2] = 1.0 - masks[:, :2].amax(dim=1)
    tokens = torch.zeros(B, R, T)
    tokens[:, 0, 1] = tokens[:, 1, 2] = tokens[:, 1, 3] = tokens[:, 2, 4] = 1.0
    area = masks.mean(dim=(-1, -2))
    region_gain = gain * (1.0 - area) * (0.5 + torch.rand(B, R, F, generator=generator))
    suppress = torch.zeros(B, T)
    suppress[:, 1:5] = 1.0
    suppress[1, 2] = 0.0  # sample 1 leaves one object token unsuppressed
    return ObjectControls(masks, tokens, region_gain, suppress)


def _zero_objects() -> ObjectControls:
    objects = _objects()
    return ObjectControls(objects.region_masks, objects.region_tokens, torch.zeros(B, R, F), torch.zeros(B, T))


def reference_attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, scale: float,
                        objects: ObjectControls, factor: int) -> torch.Tensor:
    """Per row, the paper's rule written out: coverage of each layer pixel by block
    averaging, + gain where the pixel is in a box whose phrase has the token, -inf for
    suppressed tokens outside all of their boxes."""
    size = H // factor
    out = torch.zeros(q.shape[0], q.shape[1], q.shape[2], v.shape[-1], dtype=torch.float64)
    for n in range(q.shape[0]):
        b, f = divmod(n, F)
        for p in range(size * size):
            i, j = divmod(p, size)
            block = objects.region_masks[b, :, f, i * factor:(i + 1) * factor, j * factor:(j + 1) * factor]
            inside = [block[r].mean().item() >= 0.5 for r in range(R)]
            bias = []
            for t in range(T):
                owners = [r for r in range(R) if inside[r] and objects.region_tokens[b, r, t] > 0]
                value = sum(objects.region_gain[b, r, f].item() for r in owners)
                if objects.suppress_tokens[b, t] > 0 and not owners:
                    value = -math.inf
                bias.append(value)
            for h in range(q.shape[1]):
                scores = [scale * float(q[n, h, p] @ k[n, h, t]) + bias[t] for t in range(T)]
                top = max(scores)
                weights = [math.exp(s - top) for s in scores]
                total = sum(weights)
                out[n, h, p] = sum(w / total * v[n, h, t].double() for t, w in enumerate(weights))
    return out.float()


def _attention_module() -> Attention:
    torch.manual_seed(0)
    return Attention(query_dim=16, cross_attention_dim=12, heads=2, dim_head=8).eval()


def _run(attn: Attention, hidden: torch.Tensor, context: torch.Tensor, objects: ObjectControls | None) -> torch.Tensor:
    state = ControlState(num_levels=3)
    attn.set_processor(ObjectControlProcessor(state))
    with torch.no_grad(), state.active(None, objects):
        return attn(hidden, encoder_hidden_states=context)


@pytest.mark.parametrize("factor", [1, 2, 4])
def test_processor_matches_slow_reference(factor: int) -> None:
    attn = _attention_module()
    length = (H // factor) ** 2
    hidden, context = torch.randn(B * F, length, 16), torch.randn(B * F, T, 12)
    objects = _objects()
    out = _run(attn, hidden, context, objects)
    with torch.no_grad():
        q = attn.to_q(hidden).view(B * F, length, 2, 8).transpose(1, 2)
        k = attn.to_k(context).view(B * F, T, 2, 8).transpose(1, 2)
        v = attn.to_v(context).view(B * F, T, 2, 8).transpose(1, 2)
        expected = reference_attention(q, k, v, attn.scale, objects, factor)
        expected = attn.to_out[0](expected.transpose(1, 2).reshape(B * F, length, 16))
    assert torch.allclose(out, expected, atol=1e-5)


def test_zero_gain_and_suppression_is_exactly_plain_attention() -> None:
    attn = _attention_module()
    hidden, context = torch.randn(B * F, 64, 16), torch.randn(B * F, T, 12)
    controlled = _run(attn, hidden, context, _zero_objects())
    assert torch.equal(controlled, _run(attn, hidden, context, None))
    attn.set_processor(AttnProcessor2_0())
    with torch.no_grad():
        stock = attn(hidden, encoder_hidden_states=context)
    assert torch.allclose(controlled, stock, atol=1e-6)
    assert not torch.equal(controlled, _run(attn, hidden, context, _objects()))


def _token_probabilities(objects: ObjectControls, seed: int = 0) -> torch.Tensor:
    """Attention probabilities [B*F, heads, H*W, T] at full latent resolution."""
    generator = torch.Generator().manual_seed(seed)
    q = torch.randn(B * F, 2, H * W, 8, generator=generator)
    k = torch.randn(B * F, 2, T, 8, generator=generator)
    identity = torch.eye(T).expand(B * F, 2, T, T)  # V = I turns the output into the probabilities
    return modulated_attention(q, k, identity, 8**-0.5, region_bias(objects, (H, W)))


def test_object_token_mass_grows_with_lambda_inside_and_is_zero_outside() -> None:
    inside = _objects().region_masks[0, 0, 0].flatten() > 0
    masses = []
    for lam in (0.0, 2.0, 10.0, 25.0):
        probs = _token_probabilities(_objects(gain=lam))[0, :, :, 1]  # sample 0, frame 0, token 1
        assert torch.equal(probs[:, ~inside], torch.zeros_like(probs[:, ~inside]))
        masses.append(probs[:, inside].mean().item())
    assert all(a < b for a, b in itertools.pairwise(masses)), masses
    assert masses[-1] > 0.99


def test_gain_is_added_after_the_scale() -> None:
    objects = _objects()
    q = torch.zeros(B * F, 1, H * W, 8)  # scores are then the bias alone
    k = torch.randn(B * F, 1, T, 8)
    probs = modulated_attention(q, k, torch.eye(T).expand(B * F, 1, T, T), 8**-0.5, region_bias(objects, (H, W)))
    pixel = 3 * W + 4  # inside object 0 in frame 0
    gain = objects.region_gain[0, 0, 0].item()
    # BOS (token 0) and token 5 keep bias 0, tokens 2-4 are suppressed outside their boxes
    expected = math.exp(gain) / (math.exp(gain) + 2)
    assert probs[0, 0, pixel, 1].item() == pytest.approx(expected, rel=1e-5)


def test_fully_suppressed_rows_stay_finite() -> None:
    objects = _zero_objects()
    suppress_all = ObjectControls(objects.region_masks, torch.zeros(B, R, T), objects.region_gain, torch.ones(B, T))
    attn = _attention_module()
    hidden, context = torch.randn(B * F, 64, 16), torch.randn(B * F, T, 12)
    out = _run(attn, hidden, context, suppress_all)
    assert torch.isfinite(out).all()
    # every score moved by the same -1e4: the softmax is unchanged up to float32 rounding
    assert torch.allclose(out, _run(attn, hidden, context, None), atol=1e-2)


def test_area_resize_matrix() -> None:
    assert np.allclose(area_resize_matrix(4, 2), [[0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]])
    # 5 -> 3: each output cell spans 5/3 input cells
    assert np.allclose(area_resize_matrix(5, 3), [
        [0.6, 0.4, 0.0, 0.0, 0.0],
        [0.0, 0.2, 0.6, 0.2, 0.0],
        [0.0, 0.0, 0.0, 0.4, 0.6],
    ])
    assert np.allclose(area_resize_matrix(7, 7), np.eye(7))
    assert np.allclose(area_resize_matrix(40, 5).sum(axis=1), 1.0)


def test_unknown_layer_resolution_is_an_error() -> None:
    state = ControlState(num_levels=3)
    with state.active(None, _objects()), pytest.raises(ValueError, match="matches no UNet level"):
        state.size_for_sequence(7)
