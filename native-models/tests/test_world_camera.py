"""The camera augmentation: the paper's crop boxes, exact pixel moves, boxes moved like the
pixels, and the sampling distribution."""

from __future__ import annotations

import numpy as np

from directa_models.world import (ACTOR_COLOURS, NULL_CAMERA, camera_boxes, camera_crop, camera_windows, clip_seed,
                                  render_clip, render_scene, sample_camera, sample_scene, transform_boxes)

from .test_world import colour_box, iou


def _texture(frames: int, height: int, width: int) -> np.ndarray:
    rng = np.random.default_rng(0)
    still = rng.integers(0, 256, (height, width, 3), dtype=np.uint8)
    return np.broadcast_to(still, (frames, height, width, 3)).copy()


def test_paper_boxes_and_union_normalisation() -> None:
    boxes = camera_boxes((0.4, -0.2, 1.6), 16)
    assert np.allclose(boxes[0], [0, 0, 1, 1])
    assert np.allclose(boxes[-1], [0.4 + (1 - 1 / 1.6) / 2, -0.2 + (1 - 1 / 1.6) / 2, 0.4 + (1 + 1 / 1.6) / 2, -0.2 + (1 + 1 / 1.6) / 2])
    w = camera_windows((0.4, -0.2, 1.6), 16)
    assert np.isclose(w[:, 0].min(), 0) and np.isclose(w[:, 2].max(), 1)
    assert np.isclose(w[:, 1].min(), 0) and np.isclose(w[:, 3].max(), 1)
    assert np.allclose(camera_windows(NULL_CAMERA, 16), [0, 0, 1, 1])


def test_null_camera_is_a_no_op() -> None:
    clip = render_clip(clip_seed("train", 2))
    frames, boxes, share = camera_crop(clip.frames, NULL_CAMERA, 256, 144, clip.boxes)
    assert np.array_equal(frames, clip.frames)
    assert np.allclose(boxes, clip.boxes) and np.allclose(share, 1)


def test_a_pan_moves_content_by_the_expected_pixels() -> None:
    # cx = 1 over a canvas twice as wide: the window slides by 256 px in 16 steps of 16 px
    src = _texture(17, 144, 512)
    out, _, _ = camera_crop(src, (1.0, 0.0, 1.0), 256, 144)
    for k in range(17):
        assert np.array_equal(out[k], src[0, :, 16 * k:16 * k + 256])
    # cx = -0.5, cy = 0.5 on a canvas 1.5x larger: left-up to right-down, 9 px per frame
    src = _texture(9, 216, 384)
    out, _, _ = camera_crop(src, (-0.5, 0.5, 1.0), 256, 144)
    for k in range(9):
        assert np.array_equal(out[k], src[0, 9 * k:9 * k + 144, 128 - 16 * k:384 - 16 * k])


def test_a_zoom_ends_on_the_central_window() -> None:
    src = _texture(5, 288, 512)
    out, _, _ = camera_crop(src, (0.0, 0.0, 2.0), 256, 144)
    assert np.array_equal(out[-1], src[0, 72:216, 128:384])
    # first frame: the whole canvas, antialiased: its mean colour is kept
    assert np.allclose(out[0].mean((0, 1)), src[0].mean((0, 1)), atol=2)


def test_transform_boxes() -> None:
    windows = camera_windows((1.0, 0.0, 1.0), 3)  # [0, .5], [.25, .75], [.5, 1] across
    boxes, share = transform_boxes(np.array([[[0.5, 0.0, 1.0, 1.0]] * 3]), windows)
    assert np.allclose(share, [[0.0, 0.5, 1.0]])
    assert np.allclose(boxes[0, 2], [0, 0, 1, 1]) and np.allclose(boxes[0, 1], [0.5, 0, 1, 1])


def test_boxes_follow_the_pixels_under_camera_moves() -> None:
    ious, follow = [], []
    cameras = [(1.0, 0.0, 1.0), (-0.6, 0.4, 1.0), (0.0, 0.0, 2.0), (0.3, -0.5, 0.5), (-1.0, -1.0, 0.6)]
    for i, cam in enumerate(cameras * 2):
        scene = sample_scene(clip_seed("train", 200 + i), camera=cam)
        clip = render_scene(scene)
        for a, colour in enumerate(clip.colours):
            for k in (0, 5, 10, 15):
                follow.append(iou(clip.boxes[a, k], scene.actors[a].placement[k]))
                if clip.visible[a, k] < 0.999:
                    continue
                found = colour_box(clip.frames[k], ACTOR_COLOURS[colour])
                assert found is not None
                ious.append(iou(found, clip.boxes[a, k]))
    assert len(ious) > 40
    assert min(ious) >= 0.85 and np.mean(ious) >= 0.93, (min(ious), np.mean(ious))
    # in the camera's view every actor follows its own path whatever the camera does
    assert np.mean(follow) >= 0.9, np.mean(follow)


def test_camera_clips_move_the_background_as_asked() -> None:
    """Global shift between the first frames of a pan, by phase correlation."""
    scene = sample_scene(clip_seed("train", 31), camera=(0.6, 0.0, 1.0))
    clip = render_scene(scene)
    a, b = (clip.frames[k].astype(np.float32).mean(-1) for k in (0, 1))
    spectrum = np.fft.fft2(a) * np.conj(np.fft.fft2(b))
    corr = np.fft.ifft2(spectrum / (np.abs(spectrum) + 1e-6)).real
    dy, dx = np.unravel_index(np.argmax(corr), corr.shape)
    dx = dx - 256 if dx > 128 else dx
    assert abs(dx - 0.6 * 256 / 15) <= 1.5, dx  # content moves left by cx frame widths over the clip


def test_camera_sampling_distribution() -> None:
    rng = np.random.default_rng(1)
    cams = np.array([sample_camera(rng) for _ in range(30000)])
    cx, cy, cz = cams.T
    for v in (cx, cy):
        assert abs((v == 0).mean() - 1 / 3) < 0.015
        moving = v[v != 0]
        assert moving.min() >= -1 and moving.max() <= 1
        assert abs(moving.mean()) < 0.02 and abs((np.abs(moving) < 0.5).mean() - 0.5) < 0.02
    assert abs(((cx == 0) & (cy == 0)).mean() - 1 / 9) < 0.01  # zeroed independently
    assert abs((cz == 1).mean() - 1 / 3) < 0.015
    logz = np.log2(cz[cz != 1])
    assert logz.min() >= -1 and logz.max() <= 1 and abs(logz.mean()) < 0.02 and abs(logz.var() - 1 / 3) < 0.02
