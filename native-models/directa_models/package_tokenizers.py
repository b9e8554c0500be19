"""Tokenizers as a package stores them: the word vocabulary or a CLIP BPE tokenizer.json."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .text import WORD_PATTERN, WordTokenizer


class PackageTokenizer(Protocol):
    file_name: str

    def write(self, path: Path) -> None: ...

    def manifest_fields(self) -> dict[str, Any]: ...


@dataclass
class WordVocabulary:
    """The default model's word tokenizer: ``vocab.txt`` plus its rules in the manifest."""

    tokenizer: WordTokenizer
    file_name: str = "vocab.txt"

    def write(self, path: Path) -> None:
        self.tokenizer.save(path)

    def manifest_fields(self) -> dict[str, Any]:
        t = self.tokenizer
        return {"kind": "word", "bos": t.bos, "eos": t.eos, "pad": t.pad, "unk": t.unk,
                "lowercase": True, "pattern": WORD_PATTERN}


@dataclass
class ClipBpeTokenizer:
    """A CLIP BPE tokenizer serialised as a Hugging Face ``tokenizer.json`` that adds
    <|startoftext|>/<|endoftext|>, truncates to and pads up to max_tokens."""

    json_text: str
    bos: int
    eos: int
    pad: int
    file_name: str = "tokenizer.json"

    @classmethod
    def from_pretrained_dir(cls, tokenizer_dir: Path, max_tokens: int) -> ClipBpeTokenizer:
        """Build from a diffusers ``tokenizer/`` folder (vocab.json + merges.txt, or tokenizer.json)."""
        from transformers import CLIPTokenizer

        if not tokenizer_dir.is_dir():
            raise FileNotFoundError(f"{tokenizer_dir}: tokenizer folder not found")
        tokenizer = CLIPTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
        backend = tokenizer.backend_tokenizer
        backend.enable_truncation(max_length=max_tokens)
        backend.enable_padding(length=max_tokens, pad_id=tokenizer.pad_token_id, pad_token=tokenizer.pad_token)
        return cls(backend.to_str(), tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id)

    def write(self, path: Path) -> None:
        path.write_text(self.json_text, encoding="utf-8")

    def manifest_fields(self) -> dict[str, Any]:
        return {"kind": "clip-bpe", "bos": self.bos, "eos": self.eos, "pad": self.pad}
