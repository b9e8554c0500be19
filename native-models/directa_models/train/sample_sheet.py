"""A contact sheet of a model's takes for its model card: for each render folder made by
`directa render SPEC.json --out DIR` (clip thumbnails + metrics.json), a row of thumbnails
under the prompt and the measured camera move.

    python -m directa_models.train.sample_sheet --out sheet.png DIR [DIR ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PIL import Image, ImageDraw


def sheet(folders: list[Path], out: Path, thumbs: int = 4) -> None:
    rows = []
    for folder in folders:
        images = [Image.open(p).convert("RGB") for p in sorted(folder.glob("thumb-*.jpg"))[:thumbs]]
        if not images:
            raise SystemExit(f"{folder}: no thumbnails (render it with directa render first)")
        report = json.loads((folder / "metrics.json").read_text())
        spec, camera = report["spec"], report["metrics"]["camera"]
        w, h = images[0].size
        row = Image.new("RGB", (w * len(images), h + 30), "white")
        for i, image in enumerate(images):
            row.paste(image, (i * w, 30))
        text = (f"{spec['prompt']}  |  camera asked {camera['requested']['cx']:+.2f} {camera['requested']['cy']:+.2f} "
                f"x{camera['requested']['cz']:.2f}, measured {camera['measured']['cx']:+.2f} {camera['measured']['cy']:+.2f} "
                f"x{camera['measured']['cz']:.2f}")
        ImageDraw.Draw(row).text((4, 8), text[:140], fill="black")
        rows.append(row)
    width = max(r.width for r in rows)
    result = Image.new("RGB", (width, sum(r.height for r in rows)), "white")
    y = 0
    for r in rows:
        result.paste(r, (0, y))
        y += r.height
    result.save(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m directa_models.train.sample_sheet", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("folders", type=Path, nargs="+")
    args = p.parse_args(argv)
    sheet(args.folders, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
