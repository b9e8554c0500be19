"""Camera embedding formulas and the fuser's gating."""

from __future__ import annotations

import pytest
import torch

from directa_models.camera import CameraEmbedder, CameraFuser, fourier_embed, fourier_frequencies
from directa_models.controls import CameraControls

from .helpers import direct_a_video, make_inputs, trained_camera_state


def test_frequencies_are_powers_of_100() -> None:
    expected = [1.0, 1.7782794, 3.1622777, 5.6234133, 10.0, 17.782794, 31.622777, 56.234133]
    assert torch.allclose(fourier_frequencies(), torch.tensor(expected), rtol=1e-6)


def test_fourier_embedding_hand_computed() -> None:
    # cx = 0.5, cy = -0.5. Per frequency: [s|sin(f cx)|, s|sin(f cy)|, s|cos(f cx)|, s|cos(f cy)|].
    # f0 = 1:        sin 0.5 = 0.4794255, cos 0.5 = 0.8775826
    # f1 = 1.7782794: sin 0.8891397 = 0.7765300, cos 0.8891397 = 0.6300803
    # f2 = 3.1622777: sin 1.5811388 = 0.9999465, cos 1.5811388 = -0.0103423 -> |.| keeps the sign of x
    xy = fourier_embed(torch.tensor([[0.5, -0.5]]), fourier_frequencies())
    assert xy.shape == (1, 32)
    expected = [
        0.4794255, -0.4794255, 0.8775826, -0.8775826,
        0.7765300, -0.7765300, 0.6300803, -0.6300803,
        0.9999465, -0.9999465, 0.0103423, -0.0103423,
    ]
    assert torch.allclose(xy[0, :12], torch.tensor(expected), atol=1e-6)

    # cz = 1.5: f0 -> sin 1.5 = 0.9974950, cos 1.5 = 0.0707372; f1 -> sin 2.6674191 = 0.4566033, |cos| = 0.8896704
    z = fourier_embed(torch.tensor([[1.5]]), fourier_frequencies())
    assert z.shape == (1, 16)
    assert torch.allclose(z[0, :4], torch.tensor([0.9974950, 0.0707372, 0.4566033, 0.8896704]), atol=1e-6)


def test_fourier_embedding_of_zero_is_zero() -> None:
    assert torch.equal(fourier_embed(torch.zeros(2, 2), fourier_frequencies()), torch.zeros(2, 32))


def test_embedder_gives_an_xy_token_and_a_zoom_token() -> None:
    torch.manual_seed(0)
    embedder = CameraEmbedder(out_dim=24).eval()
    tokens = embedder(torch.tensor([[0.3, -0.2, 1.5], [0.9, 0.1, 1.5], [0.3, -0.2, 0.7]]))
    assert tokens.shape == (3, 2, 24)
    assert torch.equal(tokens[0, 1], tokens[1, 1])  # same cz, different pan: same zoom token
    assert not torch.allclose(tokens[0, 0], tokens[1, 0])
    assert torch.equal(tokens[0, 0], tokens[2, 0])  # same pan, different cz: same xy token
    assert not torch.allclose(tokens[0, 1], tokens[2, 1])


def _fuser(alpha: float) -> CameraFuser:
    torch.manual_seed(0)
    fuser = CameraFuser(dim=16, context_dim=24, head_dim=8).eval()
    with torch.no_grad():
        fuser.alpha_attn.fill_(alpha)
        fuser.alpha_dense.fill_(alpha)
    return fuser


@pytest.mark.parametrize("gate", [0.0, 1.0])
def test_untrained_fuser_is_identity(gate: float) -> None:
    hidden = torch.randn(2 * 9, 5, 16)
    camera = CameraControls(tokens=torch.randn(2, 2, 24), gate=torch.full((2,), gate))
    assert torch.equal(_fuser(0.0)(hidden, camera), hidden)


def test_trained_fuser_acts_only_where_the_gate_is_on() -> None:
    hidden = torch.randn(2 * 9, 5, 16)
    camera = CameraControls(tokens=torch.randn(2, 2, 24), gate=torch.tensor([0.0, 1.0]))
    out = _fuser(0.8)(hidden, camera)
    assert torch.equal(out[:9], hidden[:9])  # sample 0 (gate 0): its 3x3 pixels are untouched
    assert (out[9:] - hidden[9:]).abs().max() > 1e-2


def test_untrained_camera_module_equals_base_for_any_camera(base_unet) -> None:
    model = direct_a_video(base_unet)
    inputs = make_inputs(camera=True)
    with torch.no_grad():
        expected = base_unet(inputs["sample"], inputs["timestep"], inputs["encoder_hidden_states"]).sample
        for camera in ([0.0, 0.0, 1.0], [1.0, -1.0, 2.0], [-0.7, 0.3, 0.5]):
            inputs["camera"] = torch.tensor([camera] * 2)
            assert torch.allclose(model(**inputs), expected, atol=1e-5)


def test_trained_camera_module_changes_output_with_the_camera(base_unet) -> None:
    model = direct_a_video(base_unet)
    model.load_camera_state_dict(trained_camera_state(model))
    inputs = make_inputs(camera=True)
    with torch.no_grad():
        first = model(**inputs)
        inputs["camera"] = torch.tensor([[-0.6, 0.4, 0.6]] * 2)
        second = model(**inputs)
    assert (first - second).abs().max() > 1e-3
