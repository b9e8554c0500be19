"""The reference sampling loop (directa_models.reference_pipeline) that the TypeScript
pipeline's parity fixture is made with: without controls it is the plain diffusers loop,
and the object/camera inputs it builds are those MODEL_PACKAGE.md describes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
from diffusers import DDIMScheduler, DPMSolverMultistepScheduler, UNet3DConditionModel

from directa_models.camera import is_camera_key
from directa_models.default_model import DefaultModelConfig, build_bundle, randomize_camera_gates
from directa_models.package import ModelBundle
from directa_models.reference_pipeline import (
    ReferenceSettings,
    box_at,
    build_object_inputs,
    encode_words,
    frame_boxes,
    sample,
)
from directa_models.text import WORD_PATTERN, WordTokenizer

PROMPT = "a red car on a road"


def settings_for(config: DefaultModelConfig) -> ReferenceSettings:
    info = config.info
    manifest = {
        "latent": {"channels": config.unet["in_channels"], "height": info.height // 8, "width": info.width // 8},
        "frames": info.frames, "maxRegions": info.max_regions,
        "text": {"maxTokens": config.text.max_tokens,
                 "tokenizer": {"kind": "word", "bos": 1, "eos": 2, "pad": 0, "unk": 3, "pattern": WORD_PATTERN}},
        "scheduler": info.scheduler, "defaults": info.defaults,
    }
    return ReferenceSettings.from_manifest(manifest, config.vocab)


def shot(scheduler: str = "ddim", steps: int = 3, objects: list[dict[str, Any]] | None = None,
         camera: tuple[float, float, float] = (0.0, 0.0, 1.0), negative: str = "") -> dict[str, Any]:
    return {
        "version": 1, "modelId": None, "prompt": PROMPT, "negativePrompt": negative,
        "camera": {"cx": camera[0], "cy": camera[1], "cz": camera[2]}, "seed": 0,
        "sampler": {"scheduler": scheduler, "steps": steps, "guidance": 7.5},
        "durationFrames": 48, "fps": {"num": 24, "den": 1}, "aspect": {"width": 16, "height": 9},
        "objects": objects or [],
    }


def left_half_object() -> dict[str, Any]:
    start = PROMPT.index("red car")
    return {"phrase": "red car", "span": [start, start + 7], "keyframes": [{"frame": 0, "box": [0, 0, 0.5, 1]}],
            "path": None}


@pytest.fixture(scope="module")
def bundle(tiny_config: DefaultModelConfig) -> ModelBundle:
    return build_bundle(tiny_config, 0)


def initial_latents(settings: ReferenceSettings) -> torch.Tensor:
    rng = np.random.default_rng(3)
    shape = (settings.channels, settings.frames, settings.height, settings.width)
    return torch.from_numpy(rng.standard_normal(shape).astype(np.float32))


def plain_loop(stock: UNet3DConditionModel, bundle: ModelBundle, config: DefaultModelConfig,
               scheduler: DDIMScheduler | DPMSolverMultistepScheduler, latents: torch.Tensor) -> list[torch.Tensor]:
    """Text encoder, stock diffusers UNet, CFG 7.5 over [cond, uncond], scheduler step."""
    tokenizer = WordTokenizer(config.vocab, config.text.max_tokens)
    ids = torch.tensor([tokenizer.encode(PROMPT), tokenizer.encode("")])
    out = []
    with torch.no_grad():
        hidden = bundle.text_encoder(ids)
        for t in scheduler.timesteps:
            pred = stock(torch.stack([latents, latents]), t, encoder_hidden_states=hidden).sample
            latents = scheduler.step(pred[1] + 7.5 * (pred[0] - pred[1]), t, latents).prev_sample
            out.append(latents)
    return out


@pytest.mark.parametrize("name", ["ddim", "dpmpp-2m"])
def test_without_controls_it_is_the_plain_diffusers_loop(name: str, bundle: ModelBundle,
                                                         tiny_config: DefaultModelConfig) -> None:
    # An untrained camera module (gates 0) is the identity, so no camera and no boxes leave
    # the base UNet: the stock diffusers UNet3DConditionModel with the same base weights.
    stock = UNet3DConditionModel.from_config(tiny_config.unet).eval()
    stock.load_state_dict({k: v for k, v in bundle.unet.unet.state_dict().items() if not is_camera_key(k)})
    settings = settings_for(tiny_config)
    common = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                  prediction_type="epsilon", steps_offset=1)
    scheduler = (DDIMScheduler(**common, set_alpha_to_one=False, clip_sample=False) if name == "ddim"
                 else DPMSolverMultistepScheduler(**common, algorithm_type="dpmsolver++", solver_order=2))
    scheduler.set_timesteps(3)
    start = initial_latents(settings)
    expected = plain_loop(stock, bundle, tiny_config, scheduler, start)
    run = sample(bundle.unet, bundle.text_encoder, settings, shot(name, 3), start)
    assert run.timesteps == [int(t) for t in scheduler.timesteps]
    assert len(run.latents) == 3
    for ours, theirs in zip(run.latents, expected):
        scale = float(theirs.abs().max())
        torch.testing.assert_close(ours, theirs, rtol=0, atol=1e-5 * max(1.0, scale))


def test_a_trained_camera_module_is_off_below_cam_off_t(tiny_config: DefaultModelConfig) -> None:
    # DDIM with 3 steps runs at t = 667, 334, 1, all below camOffT * T = 850: gate 0
    # throughout, so even a trained camera module and a camera move leave the base loop.
    trained = build_bundle(tiny_config, 0)
    randomize_camera_gates(trained.unet, 0)
    settings = settings_for(tiny_config)
    start = initial_latents(settings)
    moved = sample(trained.unet, trained.text_encoder, settings, shot(camera=(0.4, 0.0, 1.3)), start)
    still = sample(trained.unet, trained.text_encoder, settings, shot(), start)
    torch.testing.assert_close(moved.latents[-1], still.latents[-1], rtol=0, atol=0)
    # DPM-Solver++ starts at t = 999: there the camera acts.
    moved = sample(trained.unet, trained.text_encoder, settings, shot("dpmpp-2m", camera=(0.4, 0.0, 1.3)), start)
    still = sample(trained.unet, trained.text_encoder, settings, shot("dpmpp-2m"), start)
    assert float((moved.latents[0] - still.latents[0]).abs().max()) > 1e-3


def test_the_tokenizer_is_the_packages(tiny_config: DefaultModelConfig) -> None:
    settings = settings_for(tiny_config)
    reference = WordTokenizer(tiny_config.vocab, tiny_config.text.max_tokens)
    for text in (PROMPT, "", "A Red CAR, near the sea.", "zebra dog"):
        assert encode_words(settings.tokenizer, text).ids == reference.encode(text)
    encoding = encode_words(settings.tokenizer, "A Red car")
    assert encoding.offsets[:5] == [None, (0, 1), (2, 5), (6, 9), None]
    with pytest.raises(ValueError, match="tokens long"):
        encode_words(settings.tokenizer, "dog " * 23)


def test_object_inputs_for_one_box_on_the_left_half(tiny_config: DefaultModelConfig) -> None:
    settings = settings_for(tiny_config)
    encoding = encode_words(settings.tokenizer, PROMPT)  # <bos> a red car on a road <eos> <pad>...
    inputs = build_object_inputs([left_half_object()], encoding, 48, settings)
    R, F, h, w = inputs.masks.shape
    assert (R, F, h, w) == (4, 8, 16, 16)
    assert np.all(inputs.masks[0, :, :, :8] == 1) and np.all(inputs.masks[0, :, :, 8:] == 0)
    # the background: the complement of the box, bound to the prompt's other words
    assert np.all(inputs.masks[1] == 1 - inputs.masks[0])
    assert np.all(inputs.masks[2:] == 0)
    T = settings.tokenizer.max_tokens
    expected_tokens = np.zeros((4, T), dtype=np.float32)
    expected_tokens[0, [2, 3]] = 1  # red car
    expected_tokens[1, [1, 4, 5, 6]] = 1  # a, on, a, road
    np.testing.assert_array_equal(inputs.tokens, expected_tokens)
    np.testing.assert_array_equal(inputs.suppress, expected_tokens.max(axis=0))  # never bos/eos/pad
    np.testing.assert_allclose(inputs.strength[:2], 0.5)
    assert np.all(inputs.strength[2:] == 0)


def test_unet_inputs_per_step(tiny_config: DefaultModelConfig) -> None:
    """Cond half: shot camera and object inputs; uncond half: null camera and no object
    control; gain lambda (1 - area) and camera gate only at t >= tau T / camOffT T."""
    settings = settings_for(tiny_config)

    def fake_unet(**inputs: torch.Tensor) -> torch.Tensor:
        return 0.1 * inputs["sample"]

    def fake_encoder(ids: torch.Tensor) -> torch.Tensor:
        return torch.zeros(ids.shape[0], ids.shape[1], 32)

    run = sample(fake_unet, fake_encoder, settings, shot("dpmpp-2m", 3, [left_half_object()], (0.4, -0.2, 1.3)),
                 initial_latents(settings), record_inputs=True)
    assert run.timesteps == [999, 666, 333]
    for step, inputs in enumerate(run.unet_inputs):
        assert inputs["timestep"].tolist() == [run.timesteps[step]] * 2
        np.testing.assert_allclose(inputs["camera"].numpy(), [[0.4, -0.2, 1.3], [0, 0, 1]], rtol=0, atol=1e-7)
        assert inputs["camera_gate"].tolist() == ([1.0, 1.0] if step == 0 else [0.0, 0.0])
        gain = inputs["region_gain"]
        expected = torch.zeros(2, 4, 8)
        if step == 0:  # 999 >= 0.95 * 1000
            expected[0, :2] = 25 * 0.5
        torch.testing.assert_close(gain, expected)
        for key in ("region_masks", "region_tokens", "suppress_tokens"):
            assert inputs[key][0].sum() > 0 and inputs[key][1].sum() == 0, key


def test_boxes_follow_keyframes_and_paths() -> None:
    keyframes = [{"frame": 0, "box": [0.0, 0.0, 0.2, 0.2]}, {"frame": 10, "box": [0.6, 0.6, 1.0, 1.0]}]
    # linear sizes and centres; held before the first and after the last keyframe
    np.testing.assert_allclose(box_at(keyframes, None, 5), [0.3, 0.3, 0.6, 0.6])
    np.testing.assert_allclose(box_at(keyframes, None, 20), [0.6, 0.6, 1.0, 1.0])
    # along a path by arc length (0.7 + 0.7): halfway is the corner; the box is clipped
    path = [[0.1, 0.1], [0.8, 0.1], [0.8, 0.8]]
    np.testing.assert_allclose(box_at(keyframes, path, 5), [0.65, 0.0, 0.95, 0.25])
    # generated frame j shows shot frame j (D - 1) / (F - 1): D = 11, F = 3 -> 0, 5, 10
    boxes = frame_boxes({"keyframes": keyframes, "path": None}, 11, 3)
    np.testing.assert_allclose(boxes, [[0, 0, 0.2, 0.2], [0.3, 0.3, 0.6, 0.6], [0.6, 0.6, 1.0, 1.0]])
