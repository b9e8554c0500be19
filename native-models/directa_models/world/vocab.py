"""The word vocabulary of the blocking world's captions, in the package's word-tokenizer
format (``<pad>``, ``<bos>``, ``<eos>``, ``<unk>``, then one token per line).

    python -m directa_models.world.vocab --out vocab.txt
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .scene import vocabulary

SPECIALS = ("<pad>", "<bos>", "<eos>", "<unk>")  # directa_models.text.WORD_SPECIALS


def vocab_lines() -> list[str]:
    return list(SPECIALS) + vocabulary()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directa_models.world.vocab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="file to write")
    args = parser.parse_args(argv)
    lines = vocab_lines()
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} tokens to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
