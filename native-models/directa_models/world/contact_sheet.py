"""A contact sheet of the blocking world for the model card: first and last frame of each
clip side by side, with its caption (and camera move) underneath.

    python -m directa_models.world.contact_sheet --out sheet.png --count 12
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .camera import NULL_CAMERA
from .render import Clip, render_clip
from .scene import clip_seed


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow without FreeType
        return ImageFont.load_default()


def sheet(clips: list[Clip], columns: int = 2, boxes: bool = False) -> Image.Image:
    h, w = clips[0].frames.shape[1:3]
    font = _font(13)
    text_h = 48
    pad = 8
    cell_w, cell_h = 2 * w + pad, h + text_h
    rows = (len(clips) + columns - 1) // columns
    image = Image.new("RGB", (columns * cell_w + pad, rows * cell_h + pad), (32, 32, 36))
    draw = ImageDraw.Draw(image)
    for n, clip in enumerate(clips):
        r, c = divmod(n, columns)
        x0, y0 = pad + c * cell_w, pad + r * cell_h
        for side, k in enumerate((0, clip.frames.shape[0] - 1)):
            frame = Image.fromarray(clip.frames[k])
            if boxes:
                d = ImageDraw.Draw(frame)
                for b in clip.boxes[:, k]:
                    d.rectangle([b[0] * w, b[1] * h, b[2] * w - 1, b[3] * h - 1], outline=(0, 0, 0))
            image.paste(frame, (x0 + side * w, y0))
        text = clip.caption
        if tuple(clip.camera) != NULL_CAMERA:
            cx, cy, cz = clip.camera
            text += f"   [camera cx {cx:+.2f} cy {cy:+.2f} cz {cz:.2f}]"
        for line_no, line in enumerate(textwrap.wrap(text, width=78)[:3]):
            draw.text((x0, y0 + h + 3 + 14 * line_no), line, fill=(235, 235, 235), font=font)
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directa_models.world.contact_sheet", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="PNG file to write")
    parser.add_argument("--count", type=int, default=12, help="number of clips (default 12)")
    parser.add_argument("--split", choices=("train", "heldout"), default="heldout")
    parser.add_argument("--start", type=int, default=0, help="first clip index (default 0)")
    parser.add_argument("--camera", choices=("none", "sample", "mixed"), default="mixed",
                        help="static clips, the camera augmentation, or every other clip with a camera move (default)")
    parser.add_argument("--columns", type=int, default=2)
    parser.add_argument("--boxes", action="store_true", help="draw each actor's true box")
    args = parser.parse_args(argv)
    clips = []
    for i in range(args.count):
        use = args.camera == "sample" or (args.camera == "mixed" and i % 2 == 1)
        clips.append(render_clip(clip_seed(args.split, args.start + i), camera="sample" if use else None))
    sheet(clips, args.columns, args.boxes).save(args.out)
    print(f"wrote {args.out} ({len(clips)} clips)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
