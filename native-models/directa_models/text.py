"""Text side of a package: the word-level tokenizer and small text encoder of the default
model, and the graph wrapper that exports any encoder (also CLIPTextModel) the same way."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

WORD_SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")
WORD_PATTERN = r"[a-z0-9]+|[^\sa-z0-9]"


class WordTokenizer:
    """Lower-cases, splits into runs of [a-z0-9] and single other non-space characters,
    maps unknown words to <unk>, then writes [bos] words... [eos] padded with <pad> to
    ``max_tokens`` (words beyond max_tokens - 2 are dropped). Vocabulary file: one token
    per line, the id is the 0-based line number, the first four lines are WORD_SPECIALS."""

    def __init__(self, vocab: Sequence[str], max_tokens: int) -> None:
        if tuple(vocab[: len(WORD_SPECIALS)]) != WORD_SPECIALS:
            raise ValueError(f"a word vocabulary must start with {', '.join(WORD_SPECIALS)}")
        if len(set(vocab)) != len(vocab):
            raise ValueError("a word vocabulary has duplicate entries")
        if max_tokens < 2:
            raise ValueError("max_tokens must leave room for <bos> and <eos>")
        self.vocab = list(vocab)
        self.ids = {token: index for index, token in enumerate(self.vocab)}
        self.max_tokens = max_tokens
        self.pad, self.bos, self.eos, self.unk = range(len(WORD_SPECIALS))

    @classmethod
    def from_file(cls, path: Path, max_tokens: int) -> WordTokenizer:
        return cls(path.read_text(encoding="utf-8").splitlines(), max_tokens)

    def save(self, path: Path) -> None:
        path.write_text("\n".join(self.vocab) + "\n", encoding="utf-8")

    def encode(self, text: str) -> list[int]:
        words = re.findall(WORD_PATTERN, text.lower())
        ids = [self.ids.get(word, self.unk) for word in words][: self.max_tokens - 2]
        ids = [self.bos, *ids, self.eos]
        return ids + [self.pad] * (self.max_tokens - len(ids))


@dataclass(frozen=True)
class WordEncoderConfig:
    vocab_size: int
    max_tokens: int
    dim: int
    layers: int
    heads: int
    mlp_ratio: int = 4


class EncoderLayer(nn.Module):
    """Pre-norm bidirectional self-attention and GELU MLP."""

    def __init__(self, dim: int, heads: int, mlp_ratio: int) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"text dim {dim} is not divisible by {heads} heads")
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, mlp_ratio * dim), nn.GELU(), nn.Linear(mlp_ratio * dim, dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, length, dim = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(batch, length, 3, self.heads, dim // self.heads).unbind(2)
        scores = torch.matmul(q.transpose(1, 2), k.permute(0, 2, 3, 1)) * (dim // self.heads) ** -0.5
        attended = torch.matmul(F.softmax(scores, dim=-1), v.transpose(1, 2))
        x = x + self.out(attended.transpose(1, 2).reshape(batch, length, dim))
        return x + self.mlp(self.norm2(x))


class WordTextEncoder(nn.Module):
    """input_ids [B, T] -> last_hidden_state [B, T, D] (token + learned position embeddings,
    pre-norm transformer layers, final LayerNorm)."""

    def __init__(self, config: WordEncoderConfig) -> None:
        super().__init__()
        self.config = config
        self.token_embedding = nn.Embedding(config.vocab_size, config.dim)
        self.position_embedding = nn.Parameter(torch.randn(config.max_tokens, config.dim) * 0.02)
        self.layers = nn.ModuleList(
            EncoderLayer(config.dim, config.heads, config.mlp_ratio) for _ in range(config.layers)
        )
        self.final_norm = nn.LayerNorm(config.dim)

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        x = self.token_embedding(input_ids) + self.position_embedding
        for layer in self.layers:
            x = layer(x)
        return self.final_norm(x)


class TextEncoderGraph(nn.Module):
    """input_ids -> last_hidden_state for a WordTextEncoder or a transformers CLIPTextModel."""

    def __init__(self, encoder: nn.Module) -> None:
        super().__init__()
        self.encoder = encoder

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        if isinstance(self.encoder, WordTextEncoder):
            return self.encoder(input_ids)
        return self.encoder(input_ids=input_ids).last_hidden_state
