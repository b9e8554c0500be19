"""The token attention loss (train/attention_loss.py): which tokens an actor's phrase owns,
the actors' latent-grid boxes, and a loss that is 0 when the phrase attends inside its box
and grows as the attention leaves it; the UNet records its cross-attention for it."""

import numpy as np
import torch

from directa_models.text import WordTokenizer
from directa_models.train.attention_loss import level_shape, phrase_tokens, region_box_masks, token_attention_loss
from directa_models.unet import DirectAVideoUNet

from .helpers import make_inputs


def test_phrase_tokens_follow_the_word_tokenizer() -> None:
    caption = "at night, a red car and a white dog in the city"
    spans = [(caption.index("red car"), caption.index("red car") + 7), (caption.index("white dog"), caption.index("white dog") + 9)]
    tokens = phrase_tokens(caption, spans, 24, 4)
    vocab = ["<pad>", "<bos>", "<eos>", "<unk>", *sorted(set(caption.replace(",", " , ").split()))]
    ids = WordTokenizer(vocab, 24).encode(caption)
    words = [vocab[i] for i in ids]
    assert [words[t] for t in np.flatnonzero(tokens[0])] == ["red", "car"]
    assert [words[t] for t in np.flatnonzero(tokens[1])] == ["white", "dog"]
    assert tokens[2:].sum() == 0


def test_region_masks_cover_seen_boxes_only() -> None:
    boxes = np.array([[[0.0, 0.0, 0.5, 0.5], [0.5, 0.5, 1.0, 1.0]]], np.float32)  # one actor, two frames
    masks = region_box_masks(boxes, np.array([[1.0, 0.0]]), 4, 4, 2)
    assert masks.shape == (2, 2, 4, 4)
    assert masks[0, 0, :2, :2].all() and masks[0, 0].sum() == 4
    assert masks[0, 1].sum() == 0 and masks[1].sum() == 0  # unseen frame, unused region


def test_level_shapes_halve_with_ceil() -> None:
    assert level_shape(18 * 32, 18, 32) == (18, 32)
    assert level_shape(9 * 16, 18, 32) == (9, 16)
    assert level_shape(5 * 8, 18, 32) == (5, 8)


def test_loss_is_zero_inside_and_one_outside() -> None:
    masks = torch.zeros(1, 2, 1, 4, 4)
    masks[0, 0, 0, :2, :2] = 1
    tokens = torch.zeros(1, 2, 5)
    tokens[0, 0, 2] = 1
    inside = torch.full((1, 16, 5), 1 / 5)
    probs = inside.clone()
    probs[0, :, 2] = 0.0
    probs[0, [0, 1, 4, 5], 2] = 0.5  # token 2 attends only to its box's pixels
    assert float(token_attention_loss([probs], masks, tokens)) < 1e-6
    outside = inside.clone()
    outside[0, :, 2] = 0.0
    outside[0, 15, 2] = 1.0
    assert abs(float(token_attention_loss([outside], masks, tokens)) - 1.0) < 1e-6
    spread = float(token_attention_loss([inside], masks, tokens))
    assert abs(spread - (1 - 4 / 16) ** 2) < 1e-6
    assert float(token_attention_loss([inside], masks, tokens * 0)) == 0.0  # no actor: no loss


def test_the_unet_records_its_cross_attention(trained_unet: DirectAVideoUNet) -> None:
    inputs = make_inputs(camera=True, boxes=True)
    with torch.no_grad():
        plain = trained_unet(**inputs)
        with trained_unet.state.recording_attention() as maps:
            recorded = trained_unet(**inputs)
    assert torch.allclose(plain, recorded, atol=1e-5)
    assert maps and all(m.ndim == 3 and torch.allclose(m.sum(-1), torch.ones(())) for m in maps)
    assert trained_unet.state.attention_maps is None
