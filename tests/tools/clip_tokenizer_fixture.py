"""Writes tests/fixtures/clip-tokenizer.json: a small CLIP BPE tokenizer.json as
native-models' converter writes it, and encodings of a few prompts computed by Hugging
Face `tokenizers` (ids and each phrase's token indices from its character offsets).

    .venv/bin/python tests/tools/clip_tokenizer_fixture.py
"""
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "native-models"), str(ROOT / "native-models" / "tests")]

from directa_models.package_tokenizers import ClipBpeTokenizer  # noqa: E402
from helpers import CLIP_MERGES, clip_vocab  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

MAX_TOKENS = 16
PROMPTS = [("a cat and a dog", ["cat", "dog"]), ("The Cat's dog, run!", ["Cat", "dog"]), ("dogcat on 42 mats", ["dogcat", "mats"])]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "vocab.json").write_text(json.dumps(clip_vocab()))
        (folder / "merges.txt").write_text("#version: 0.2\n" + "\n".join(CLIP_MERGES) + "\n")
        (folder / "tokenizer_config.json").write_text(json.dumps({
            "tokenizer_class": "CLIPTokenizer", "model_max_length": 77, "bos_token": "<|startoftext|>",
            "eos_token": "<|endoftext|>", "unk_token": "<|endoftext|>", "pad_token": "!"}))
        clip = ClipBpeTokenizer.from_pretrained_dir(folder, MAX_TOKENS)
    backend = Tokenizer.from_str(clip.json_text)
    cases = []
    for prompt, phrases in PROMPTS:
        enc = backend.encode(prompt)
        spans = {p: [prompt.index(p), prompt.index(p) + len(p)] for p in phrases}
        tokens = {p: [i for i, (a, b) in enumerate(enc.offsets) if enc.special_tokens_mask[i] == 0 and a < s[1] and b > s[0]]
                  for p, s in spans.items()}
        cases.append({"prompt": prompt, "ids": enc.ids, "spans": spans, "tokens": tokens})
    out = {"maxTokens": MAX_TOKENS, "bos": clip.bos, "eos": clip.eos, "pad": clip.pad,
           "tokenizer": json.loads(clip.json_text), "cases": cases}
    path = ROOT / "tests" / "fixtures" / "clip-tokenizer.json"
    path.write_text(json.dumps(out))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
