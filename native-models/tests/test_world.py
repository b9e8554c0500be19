"""The blocking world: determinism, splits, true boxes against the drawn pixels, palette
margins, captions and vocabulary, the torch Dataset and cache, the evaluation cases and the
contact sheet."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from directa_models.text import WORD_PATTERN, WordTokenizer
from directa_models.world import (ACTOR_COLOURS, BACKDROP_MARGIN, BACKDROPS, KINDS, TIMES, TOLERANCE, clip_seed, locator,
                                  render_clip, sample_scene, vocabulary)
from directa_models.world import cases as cases_cli
from directa_models.world import contact_sheet, vocab
from directa_models.world.backdrops import paint_backdrop, sample_backdrop
from directa_models.world.dataset import CachedClips, WorldClips, write_cache
from directa_models.world.palette import distance_to_actor_colours
from directa_models.world.scene import SPLIT_SIZE, split_of
from directa_models.world.texture import texture_params


def colour_box(frame: np.ndarray, rgb) -> np.ndarray | None:
    """Tight box (normalised, pixel edges) of the pixels within TOLERANCE of rgb."""
    d = np.sqrt(((frame.astype(np.float32) - np.asarray(rgb, np.float32)) ** 2).sum(-1))
    hit = d <= TOLERANCE
    if not hit.any():
        return None
    h, w = hit.shape
    rows, cols = np.flatnonzero(hit.any(1)), np.flatnonzero(hit.any(0))
    return np.array([cols[0] / w, rows[0] / h, (cols[-1] + 1) / w, (rows[-1] + 1) / h])


def iou(a, b) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


# ------------------------------------------------------------------ determinism and splits


def test_same_seed_gives_the_same_clip_and_other_seeds_differ() -> None:
    a, b = render_clip(clip_seed("train", 7)), render_clip(clip_seed("train", 7))
    assert np.array_equal(a.frames, b.frames) and a.caption == b.caption
    assert np.array_equal(a.boxes, b.boxes) and a.spans == b.spans
    c = render_clip(clip_seed("train", 8))
    assert not np.array_equal(a.frames, c.frames)
    moving_a, moving_b = render_clip(clip_seed("train", 7), camera="sample"), render_clip(clip_seed("train", 7), camera="sample")
    assert np.array_equal(moving_a.frames, moving_b.frames) and moving_a.camera == moving_b.camera
    # the camera has its own stream: same scene with or without it
    assert moving_a.caption == a.caption and moving_a.backdrop == a.backdrop


def test_clip_format() -> None:
    c = render_clip(clip_seed("train", 3))
    assert c.frames.shape == (16, 144, 256, 3) and c.frames.dtype == np.uint8
    n = len(c.phrases)
    assert 1 <= n <= 3 and c.boxes.shape == (n, 16, 4) and c.visible.shape == (n, 16)
    assert c.boxes.dtype == np.float32 and ((c.boxes >= 0) & (c.boxes <= 1)).all()
    assert (c.boxes[..., 2] > c.boxes[..., 0]).all() and (c.boxes[..., 3] > c.boxes[..., 1]).all()
    assert c.camera == (0.0, 0.0, 1.0) and c.fps == 8


def test_splits_never_share_seeds() -> None:
    assert clip_seed("train", SPLIT_SIZE - 1) < clip_seed("heldout", 0)
    assert clip_seed("heldout", SPLIT_SIZE - 1) == 2**32 - 1  # fits the engine's uint32 seed
    assert split_of(clip_seed("train", 5)) == "train" and split_of(clip_seed("heldout", 5)) == "heldout"
    with pytest.raises(ValueError):
        clip_seed("train", SPLIT_SIZE)
    with pytest.raises(ValueError):
        clip_seed("test", 0)
    train = {clip_seed("train", i) for i in range(1000)}
    heldout = {clip_seed("heldout", i) for i in range(1000)}
    assert not train & heldout
    assert not np.array_equal(render_clip(clip_seed("train", 0)).frames, render_clip(clip_seed("heldout", 0)).frames)


# ------------------------------------------------------------------ boxes and colours


def test_boxes_match_the_pixels_of_the_actor_colour() -> None:
    ious, checked = [], 0
    for i in range(30):
        c = render_clip(clip_seed("train", 100 + i))
        for a, colour in enumerate(c.colours):
            for k in range(0, 16, 3):
                if c.visible[a, k] < 0.999:
                    continue
                found = colour_box(c.frames[k], ACTOR_COLOURS[colour])
                assert found is not None, (c.caption, colour, k)
                ious.append(iou(found, c.boxes[a, k]))
                checked += 1
    assert checked > 100
    assert min(ious) >= 0.9, min(ious)


def largest_blob_box(frame: np.ndarray, rgb, tolerance: float) -> np.ndarray | None:
    """The engine's locator (electron/engine/metrics/objects.ts): box of the largest
    4-connected group of pixels within the tolerance."""
    hit = np.sqrt(((frame.astype(np.float32) - np.asarray(rgb, np.float32)) ** 2).sum(-1)) <= tolerance
    h, w = hit.shape
    seen = np.zeros_like(hit)
    best = (0, None)
    for y0, x0 in zip(*np.nonzero(hit)):
        if seen[y0, x0]:
            continue
        seen[y0, x0] = True
        stack, n, box = [(y0, x0)], 0, [w, h, -1, -1]
        while stack:
            y, x = stack.pop()
            n += 1
            box = [min(box[0], x), min(box[1], y), max(box[2], x), max(box[3], y)]
            for yy, xx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                if 0 <= yy < h and 0 <= xx < w and hit[yy, xx] and not seen[yy, xx]:
                    seen[yy, xx] = True
                    stack.append((yy, xx))
        if n > best[0]:
            best = (n, np.array([box[0] / w, box[1] / h, (box[2] + 1) / w, (box[3] + 1) / h]))
    return best[1]


@pytest.mark.parametrize("camera", [None, "sample"])
def test_the_engine_locator_finds_each_actor(camera) -> None:
    """Each actor is one connected blob of its colour: the engine's locator recovers its box."""
    ious = []
    for i in range(20):
        c = render_clip(clip_seed("heldout", 40 + i), camera=camera)
        for a, colour in enumerate(c.colours):
            for k in (0, 15):
                if c.visible[a, k] >= 0.999:
                    found = largest_blob_box(c.frames[k], ACTOR_COLOURS[colour], TOLERANCE)
                    ious.append(0.0 if found is None else iou(found, c.boxes[a, k]))
    assert len(ious) > 30
    if camera is None:
        assert min(ious) >= 0.9 and np.mean(ious) >= 0.98, (min(ious), np.mean(ious))
    else:  # resampling softens thin parts (legs, tails)
        assert min(ious) >= 0.75 and np.mean(ious) >= 0.95, (min(ious), np.mean(ious))


def test_occlusion_is_reported() -> None:
    shares = np.concatenate([render_clip(clip_seed("train", i)).visible.ravel() for i in range(40)])
    assert (shares < 1).any() and (shares == 1).mean() > 0.7


def textured(name: str, seed: int) -> dict:
    return {**sample_backdrop(name, np.random.default_rng(seed), 16 / 9),
            "texture": texture_params(np.random.default_rng([seed, 3]), 16 / 9)}


def test_backdrops_stay_away_from_actor_colours() -> None:
    for name in BACKDROPS:
        for t in TIMES:
            for seed in range(2):
                params = textured(name, seed)
                image = paint_backdrop(name, params, t, 160, 90, view=(-0.6, -0.6, 1.6, 1.6))
                assert distance_to_actor_colours(image).min() >= BACKDROP_MARGIN, (name, t, seed)


def test_texture_shows_everywhere_and_moves_with_the_world() -> None:
    """A camera move must show in every part of the frame: no 36x64 tile of any backdrop is flat."""
    for name in BACKDROPS:
        for t in TIMES:
            for seed in range(2):
                image = paint_backdrop(name, textured(name, seed), t, 256, 144).astype(np.float32)
                tiles = image.reshape(4, 36, 4, 64, 3).transpose(0, 2, 1, 3, 4).reshape(16, -1, 3)
                assert tiles.std(axis=1).mean(-1).min() > 2.5, (name, t, seed)
    params = textured("desert", 0)
    wide = paint_backdrop("desert", params, "day", 512, 144, view=(0.0, 0.0, 2.0, 1.0))
    right = paint_backdrop("desert", params, "day", 256, 144, view=(1.0, 0.0, 2.0, 1.0))
    assert np.abs(wide[:, 256:].astype(int) - right).mean() < 1.0  # the same world point, the same shade
    assert np.abs(wide[:, :256].astype(int) - right).mean() > 5.0


def test_actor_colours_are_far_apart_and_dominant() -> None:
    rgb = np.array(list(ACTOR_COLOURS.values()), np.float32)
    d = np.sqrt(((rgb[:, None] - rgb[None]) ** 2).sum(-1)) + np.eye(len(rgb)) * 1e3
    assert d.min() > TOLERANCE * 1.5
    assert len(ACTOR_COLOURS) >= 8 and len(KINDS) >= 12 and len(BACKDROPS) >= 8
    # the actor's colour covers most of its silhouette (details are small)
    c = render_clip(clip_seed("train", 11))
    for a, colour in enumerate(c.colours):
        k = int(np.argmax(c.visible[a]))
        x1, y1, x2, y2 = (c.boxes[a, k] * np.array([256, 144, 256, 144])).round().astype(int)
        patch = c.frames[k, y1:y2, x1:x2].astype(np.float32)
        near = np.sqrt(((patch - np.array(ACTOR_COLOURS[colour])) ** 2).sum(-1)) <= TOLERANCE
        assert near.mean() > 0.35, (c.caption, colour)


def test_locator_entry() -> None:
    loc = locator()
    assert loc["kind"] == "colour" and loc["tolerance"] == TOLERANCE
    assert set(loc["colours"]) == set(ACTOR_COLOURS)
    assert all(len(v) == 3 and all(isinstance(x, int) and 0 <= x <= 255 for x in v) for v in loc["colours"].values())
    json.dumps(loc)


# ------------------------------------------------------------------ captions and vocabulary


def test_captions_name_every_actor_and_spans_select_the_phrases() -> None:
    words = set(vocabulary())
    tok = WordTokenizer(["<pad>", "<bos>", "<eos>", "<unk>", *sorted(words)], max_tokens=24)
    longest = 0
    for i in range(400):
        scene = sample_scene(clip_seed("train", i))
        cap = scene.caption
        colours = [a.colour for a in scene.actors]
        assert len(set(colours)) == len(colours)
        for a in scene.actors:
            assert cap[a.span[0]:a.span[1]] == a.phrase == f"{a.colour} {a.kind}"
        # colour words appear only in the actor phrases
        said = [w for w in re.findall(WORD_PATTERN, cap) if w in ACTOR_COLOURS]
        assert sorted(said) == sorted(colours), cap
        spans = sorted(a.span for a in scene.actors)
        assert all(s[1] <= t[0] for s, t in zip(spans, spans[1:]))
        toks = re.findall(WORD_PATTERN, cap.lower())
        assert set(toks) <= words, cap
        assert tok.unk not in tok.encode(cap)
        longest = max(longest, len(toks))
    assert longest <= 22  # fits maxTokens 24 with <bos>, <eos>


def test_caption_grammar_varies() -> None:
    captions = [sample_scene(clip_seed("train", i)).caption for i in range(300)]
    assert any(c.startswith("at ") for c in captions)  # "at night, a red car on a beach"
    assert any(c.endswith(" at night") for c in captions) and any(", a" in c and " and a" in c for c in captions)
    assert any(c.startswith("an ") for c in captions)  # "an orange ..."
    assert len({c.split(" ", 1)[1] for c in captions}) > 250


def test_vocabulary_file(tmp_path: Path) -> None:
    out = tmp_path / "vocab.txt"
    assert vocab.main(["--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    tok = WordTokenizer(lines, max_tokens=24)
    assert lines[:4] == ["<pad>", "<bos>", "<eos>", "<unk>"]
    assert set(ACTOR_COLOURS) <= set(lines) and set(KINDS) <= set(lines)
    assert tok.encode("a red car on a city street at sunset")[1:10] == [tok.ids[w] for w in "a red car on a city street at sunset".split()]


# ------------------------------------------------------------------ dataset and cache


def test_dataset_items_batch_with_the_default_collate() -> None:
    ds = WorldClips("train", length=4, camera="sample")
    batch = next(iter(torch.utils.data.DataLoader(ds, batch_size=2)))
    assert batch["video"].shape == (2, 3, 16, 144, 256) and batch["video"].dtype == torch.float32
    assert batch["video"].min() >= -1 and batch["video"].max() <= 1
    assert batch["boxes"].shape == (2, 3, 16, 4) and batch["camera"].shape == (2, 3)
    assert len(batch["caption"]) == 2 and len(batch["phrases"]) == 3
    c = ds.clip(1)
    assert batch["caption"][1] == c.caption and int(batch["num_actors"][1]) == len(c.phrases)
    assert WorldClips("heldout", length=1)[0]["seed"] == clip_seed("heldout", 0)
    with pytest.raises(IndexError):
        ds[4]


def test_cache_round_trip(tmp_path: Path) -> None:
    path = write_cache(tmp_path / "clips.npz", "heldout", count=3, start=5)
    cached, live = CachedClips(path, as_video=False), WorldClips("heldout", length=3, start=5, as_video=False)
    assert len(cached) == 3
    for i in range(3):
        a, b = cached[i], live[i]
        assert torch.equal(a["frames"], b["frames"]) and a["caption"] == b["caption"] and a["phrases"] == b["phrases"]
        assert torch.equal(a["boxes"], b["boxes"]) and torch.equal(a["spans"], b["spans"]) and int(a["seed"]) == int(b["seed"])


# ------------------------------------------------------------------ evaluation cases


SPEC_KEYS = {"version", "modelId", "prompt", "negativePrompt", "camera", "seed", "sampler", "durationFrames", "fps", "aspect", "objects"}


def validate_spec(spec: dict) -> None:
    """The engine's ShotSpec (electron/engine/spec.ts, strict objects)."""
    assert set(spec) == SPEC_KEYS
    assert spec["version"] == 1 and spec["modelId"] is None and spec["negativePrompt"] == ""
    assert isinstance(spec["prompt"], str)
    cam = spec["camera"]
    assert set(cam) == {"cx", "cy", "cz"} and -1 <= cam["cx"] <= 1 and -1 <= cam["cy"] <= 1 and 0.5 <= cam["cz"] <= 2
    assert isinstance(spec["seed"], int) and 0 <= spec["seed"] <= 2**32 - 1
    assert spec["sampler"] == {"scheduler": "ddim", "steps": None, "guidance": None}
    assert spec["durationFrames"] == 16 and spec["fps"] == {"num": 8, "den": 1}
    assert spec["aspect"] == {"width": 256, "height": 144}
    for o in spec["objects"]:
        assert set(o) == {"phrase", "span", "keyframes", "path"}
        assert spec["prompt"][o["span"][0]:o["span"][1]] == o["phrase"]
        assert [k["frame"] for k in o["keyframes"]] == [0, 15]
        for k in o["keyframes"]:
            assert set(k) == {"frame", "box"}
            x1, y1, x2, y2 = k["box"]
            assert 0 <= x1 < x2 <= 1 and 0 <= y1 < y2 <= 1
        assert o["path"] is None or (len(o["path"]) >= 2 and all(len(p) == 2 and all(0 <= v <= 1 for v in p) for p in o["path"]))


def test_cases_file(tmp_path: Path) -> None:
    out = tmp_path / "cases.json"
    assert cases_cli.main(["--count", "9", "--out", str(out)]) == 0
    cases = json.loads(out.read_text())
    assert len(cases) == 9 and len({c["name"] for c in cases}) == 9
    modes = {"camera": 0, "boxes": 0, "both": 0}
    for case in cases:
        assert set(case) == {"name", "spec"}
        spec = case["spec"]
        validate_spec(spec)
        assert split_of(spec["seed"]) == "heldout"
        moving = spec["camera"] != {"cx": 0.0, "cy": 0.0, "cz": 1.0}
        mode = case["name"].rsplit("-", 1)[1]
        modes[mode] += 1
        assert moving == (mode in ("camera", "both"))
        assert bool(spec["objects"]) == (mode in ("boxes", "both"))
    assert all(n == 3 for n in modes.values())
    # the boxes are the held-out clip's true boxes
    boxes_case = cases[1]["spec"]
    clip = render_clip(boxes_case["seed"])
    for o, truth in zip(boxes_case["objects"], clip.boxes):
        assert np.allclose(o["keyframes"][0]["box"], truth[0], atol=1e-4)
        assert np.allclose(o["keyframes"][1]["box"], truth[-1], atol=1e-4)


# ------------------------------------------------------------------ tools and speed


def test_contact_sheet(tmp_path: Path) -> None:
    from PIL import Image

    out = tmp_path / "sheet.png"
    assert contact_sheet.main(["--out", str(out), "--count", "3"]) == 0
    image = Image.open(out)
    assert image.width > 2 * 256 * 2 and image.height > 144 * 2


@pytest.mark.parametrize("command", [cases_cli, contact_sheet, vocab])
def test_commands_have_help(command, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        command.main(["--help"])
    assert exit_info.value.code == 0 and "--out" in capsys.readouterr().out


def test_render_speed(record_property) -> None:
    render_clip(clip_seed("train", 0))
    times = []
    for i in range(10):
        t0 = time.perf_counter()
        render_clip(clip_seed("train", i))
        times.append(time.perf_counter() - t0)
    camera = []
    for i in range(5):
        t0 = time.perf_counter()
        render_clip(clip_seed("train", i), camera="sample")
        camera.append(time.perf_counter() - t0)
    record_property("static_ms_median", 1000 * float(np.median(times)))
    record_property("camera_ms_median", 1000 * float(np.median(camera)))
    print(f"\n16-frame 256x144 clip: static {1000 * np.median(times):.1f} ms, with camera move {1000 * np.median(camera):.1f} ms (median)")
