"""Word tokenizer rules, the word text encoder, and the CLIP tokenizer.json conversion."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tokenizers import Tokenizer

from directa_models.package_tokenizers import ClipBpeTokenizer
from directa_models.text import WordEncoderConfig, WordTextEncoder, WordTokenizer

from .helpers import clip_vocab, write_fake_zeroscope

VOCAB = ["<pad>", "<bos>", "<eos>", "<unk>", "a", "cat", "walks", "left", ",", "2"]


def test_word_tokenizer_rules() -> None:
    tokenizer = WordTokenizer(VOCAB, max_tokens=10)
    # lower-cased; "," is its own token; "!" and "dog" are unknown; digits are words
    assert tokenizer.encode("A Cat,  walks LEFT! dog 2") == [1, 4, 5, 8, 6, 7, 3, 3, 9, 2]
    assert tokenizer.encode("") == [1, 2, 0, 0, 0, 0, 0, 0, 0, 0]


def test_word_tokenizer_truncates_before_eos() -> None:
    ids = WordTokenizer(VOCAB, max_tokens=5).encode("a cat walks left a cat")
    assert ids == [1, 4, 5, 6, 2]


def test_word_vocabulary_round_trip(tmp_path: Path) -> None:
    WordTokenizer(VOCAB, max_tokens=8).save(tmp_path / "vocab.txt")
    assert WordTokenizer.from_file(tmp_path / "vocab.txt", max_tokens=8).vocab == VOCAB


@pytest.mark.parametrize("vocab, message", [
    (["a", "<pad>", "<bos>", "<eos>", "<unk>"], "must start with"),
    ([*VOCAB, "cat"], "duplicate"),
])
def test_bad_word_vocabularies_are_refused(vocab: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WordTokenizer(vocab, max_tokens=8)


def test_word_text_encoder_shapes_and_position_dependence() -> None:
    torch.manual_seed(0)
    encoder = WordTextEncoder(WordEncoderConfig(vocab_size=10, max_tokens=6, dim=16, layers=2, heads=4)).eval()
    ids = torch.tensor([[1, 4, 5, 2, 0, 0], [1, 5, 4, 2, 0, 0]])
    with torch.no_grad():
        out = encoder(ids)
    assert out.shape == (2, 6, 16)
    assert not torch.allclose(out[0], out[1])


def test_clip_tokenizer_json_from_vocab_and_merges(tmp_path: Path) -> None:
    write_fake_zeroscope(tmp_path / "model")
    clip = ClipBpeTokenizer.from_pretrained_dir(tmp_path / "model" / "tokenizer", max_tokens=8)
    clip.write(tmp_path / "tokenizer.json")
    vocab = clip_vocab()
    assert (clip.bos, clip.eos, clip.pad) == (vocab["<|startoftext|>"], vocab["<|endoftext|>"], vocab["!"])
    tokenizer = Tokenizer.from_file(str(tmp_path / "tokenizer.json"))
    # lower-cased; "cat" and "dog" become whole words through the merges; "do" is not merged
    # because "o" ends the word ("o</w>"), and no merge joins "d" with "o</w>"
    ids = tokenizer.encode("A cat  DOG do").ids
    assert ids == [vocab["<|startoftext|>"], vocab["a</w>"], vocab["cat</w>"], vocab["dog</w>"], vocab["d"],
                   vocab["o</w>"], vocab["<|endoftext|>"], vocab["!"]]
    long_ids = tokenizer.encode("cat " * 20).ids
    assert len(long_ids) == 8 and long_ids[-1] == vocab["<|endoftext|>"]
    short = tokenizer.encode("cat").ids
    assert short == [vocab["<|startoftext|>"], vocab["cat</w>"], vocab["<|endoftext|>"]] + [vocab["!"]] * 5
