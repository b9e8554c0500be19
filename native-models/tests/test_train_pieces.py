"""The training aids, each on hand-made inputs: actor box masks, Min-SNR weights, the EMA,
the VAE's actor-colour weighting, the logged means and the camera probe."""

import json
from pathlib import Path

import numpy as np
import torch

from directa_models.default_model import TINY_CONFIG, build_bundle, load_config
from directa_models.train.common import Log, add_noise, alphas_cumprod, run_for
from directa_models.train.diffusion_stage import CameraProbe, Ema, LatentCache, loss_weights, target
from directa_models.train.world_source import box_mask
from directa_models.world.palette import ACTOR_COLOURS, TOLERANCE, distance_to_actor_colours

LINEAR = {"numTrainTimesteps": 1000, "betaStart": 0.0001, "betaEnd": 0.02, "betaSchedule": "linear"}


def test_box_mask_marks_the_cells_a_visible_box_touches() -> None:
    boxes = np.array([[[0.0, 0.0, 0.25, 0.5], [0.5, 0.5, 0.6, 0.6]]], np.float32)  # one actor, two frames
    visible = np.array([[1.0, 0.0]], np.float32)  # hidden in the second frame
    mask = box_mask(boxes, visible, 4, 8)
    assert mask.shape == (2, 4, 8)
    assert mask[0, :2, :2].all() and mask[0].sum() == 4
    assert not mask[1].any()


def test_box_mask_rounds_outwards() -> None:
    mask = box_mask(np.array([[[0.3, 0.3, 0.4, 0.4]]], np.float32), np.ones((1, 1), np.float32), 4, 4)
    assert mask[0].nonzero()[0].tolist() == [1] and mask[0].nonzero()[1].tolist() == [1]


def test_min_snr_weights_are_one_where_snr_is_low_and_gamma_over_snr_where_high() -> None:
    ac = alphas_cumprod(LINEAR)
    t = torch.tensor([0, 100, 500, 999])
    w = loss_weights(t, ac, 5.0)
    snr = ac[t] / (1 - ac[t])
    assert snr[0] > 5 and torch.isclose(w[0], 5 / snr[0])
    assert snr[2] < 5 and w[2] == 1 and w[3] == 1
    assert (w <= 1).all() and (w[:-1] <= w[1:]).all()  # never above 1, rising with t


def test_ema_warms_up_then_follows_slowly() -> None:
    p = torch.nn.Parameter(torch.zeros(3))
    ema = Ema([p], 0.99)
    with torch.no_grad():
        p.fill_(1.0)
    ema.update(0)  # decay (1 + 0) / (10 + 0) = 0.1: mostly the new value
    assert torch.allclose(ema.shadow[0], torch.full((3,), 0.9))
    for n in range(1, 2000):
        ema.update(n)
    assert torch.allclose(ema.shadow[0], torch.ones(3), atol=1e-6)
    with torch.no_grad():
        p.fill_(2.0)
    ema.update(5000)  # decay capped at 0.99
    assert torch.allclose(ema.shadow[0], torch.full((3,), 1.01))
    ema.copy_to_params()
    assert torch.allclose(p, torch.full((3,), 1.01))


def test_actor_colour_pixels_are_found_and_backdrop_tones_are_not() -> None:
    image = np.zeros((2, 2, 3), np.uint8)
    image[0, 0] = ACTOR_COLOURS["red"]
    image[0, 1] = np.array(ACTOR_COLOURS["pink"]) - 20  # a shade off, within the tolerance
    image[1, 0] = (120, 110, 100)  # a backdrop tone
    inside = distance_to_actor_colours(image) < TOLERANCE
    assert inside.tolist() == [[True, True], [False, False]]


def test_v_target_recovers_x0_and_noise_from_the_noisy_sample() -> None:
    ac = alphas_cumprod(LINEAR)
    g = torch.Generator().manual_seed(0)
    x0, noise = torch.randn(3, 4, 2, 2, generator=g), torch.randn(3, 4, 2, 2, generator=g)
    t = torch.tensor([0, 500, 999])
    xt = add_noise(x0, noise, t, ac)
    v = target("v_prediction", x0, noise, t, ac)
    a = ac[t].view(-1, 1, 1, 1)
    assert torch.allclose(a.sqrt() * xt - (1 - a).sqrt() * v, x0, atol=1e-5)
    assert torch.allclose(a.sqrt() * v + (1 - a).sqrt() * xt, noise, atol=1e-5)
    assert target("epsilon", x0, noise, t, ac) is noise


def test_min_snr_weights_for_v_are_snr_over_snr_plus_one_below_gamma() -> None:
    ac = alphas_cumprod(LINEAR)
    t = torch.tensor([0, 999])
    snr = ac[t] / (1 - ac[t])
    w = loss_weights(t, ac, 5.0, "v_prediction")
    assert torch.isclose(w[0], 5 / (snr[0] + 1)) and torch.isclose(w[1], snr[1] / (snr[1] + 1))


def test_min_snr_zero_is_the_plain_loss() -> None:
    ac = alphas_cumprod(LINEAR)
    t = torch.tensor([0, 400, 999])
    assert loss_weights(t, ac, 0.0, "v_prediction").tolist() == [1.0, 1.0, 1.0]


def test_logged_means_take_each_metric_over_the_steps_that_report_it(tmp_path: Path) -> None:
    log = Log(tmp_path / "log.jsonl")
    saved: list[int] = []

    def step(n: int) -> dict[str, float]:
        return {"loss": float(n), **({"probe": 10.0 * n} if n % 3 == 0 else {})}

    assert run_for(1.0, 0, step, log, "demo", saved.append, every=6, max_steps=6) == 6
    record = json.loads((tmp_path / "log.jsonl").read_text().splitlines()[0])
    assert record["loss"] == 2.5 and record["probe"] == 15.0  # (0..5) / 6 and (0 + 30) / 2
    assert saved == [6, 6]


def test_camera_probe_is_zero_for_the_untrained_module_and_moves_once_it_acts() -> None:
    bundle = build_bundle(load_config(TINY_CONFIG), seed=0)
    bundle.unet.eval()
    info = load_config(TINY_CONFIG).info
    g = torch.Generator().manual_seed(0)
    latents = torch.randn(4, 4, info.frames, 4, 6, generator=g).half()
    ids = torch.randint(0, 10, (4, 24), generator=g)
    cameras = torch.tensor([[0.8, 0.0, 1.0], [-0.5, 0.4, 1.0], [0.0, 0.0, 1.5], [0.0, 0.0, 1.0]])
    probe = CameraProbe(LatentCache(latents, ids, cameras), info.scheduler, window=4, count=3, t_min=600)
    assert sorted(probe.idx.tolist()) == [0, 1, 2]  # the static clip is left out
    assert probe.gain(bundle.unet, bundle.text_encoder, info.max_regions) == 0.0  # gates at 0: the identity
    with torch.no_grad():
        for name, p in bundle.unet.unet.named_parameters():
            if name.endswith(("alpha_attn", "alpha_dense")):
                p.fill_(1.0)
    assert probe.gain(bundle.unet, bundle.text_encoder, info.max_regions) != 0.0
