"""latent_motion: a latent that pans with the camera is found to follow it, one fixed to the
frame is found to stay, and a cache with no panning clip is refused."""

import pytest
import torch

from directa_models.latent_motion import camera_shift, main, measure


def _clips(follow: bool, n: int = 6) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(0)
    F, h, w = 16, 18, 32
    cameras = torch.tensor([[0.75 * (-1) ** i, 0.5 if i % 3 == 0 else 0.0, 1.0] for i in range(n)])
    latents = torch.zeros(n, 2, F, h, w)
    for i in range(n):
        world = torch.randn(2, 3 * h, 3 * w, generator=gen)  # a canvas the frames are cut from
        for k in range(F):
            dy, dx = camera_shift(cameras[i], F, k, h, w) if follow else (0.0, 0.0)
            y, x = h + round(dy), w + round(dx)
            latents[i, :, k] = world[:, y:y + h, x:x + w]
    return latents, cameras


def test_a_latent_that_pans_with_the_camera_follows_it() -> None:
    latents, cameras = _clips(follow=True)
    rows = measure(latents, cameras, gap=3)
    assert [r.channel for r in rows] == [0, 1, None]
    assert all(r.follows == 1.0 and r.prefers_move == 1.0 and r.still == 0.0 for r in rows)


def test_a_latent_fixed_to_the_frame_stays() -> None:
    latents, cameras = _clips(follow=False)
    rows = measure(latents, cameras, gap=3)
    assert all(r.still == 1.0 and r.follows == 0.0 and r.prefers_move == 0.0 for r in rows)


def test_the_pan_direction_convention_is_the_worlds() -> None:
    # cx > 0 pans right: content moves left, so frame k shows what frame 0 had further right
    assert camera_shift(torch.tensor([1.0, 0.0, 1.0]), 16, 15, 18, 32) == (0.0, 32.0)
    assert camera_shift(torch.tensor([0.0, -0.5, 1.0]), 16, 3, 18, 32) == (-1.8, 0.0)


def test_a_cache_without_pans_is_refused(tmp_path, capsys) -> None:
    with pytest.raises(ValueError, match="no panning clip"):
        measure(torch.zeros(2, 4, 16, 18, 32), torch.tensor([[0.0, 0.0, 1.0], [0.1, 0.0, 1.5]]))
    latents, cameras = _clips(follow=True)
    torch.save({"latents": latents.half(), "camera": cameras}, tmp_path / "cache.pt")
    assert main([str(tmp_path / "cache.pt"), "--clips", "4"]) == 0
    assert "all channels  follows the pan in 100% of clips" in capsys.readouterr().out


def test_the_actors_cells_are_left_out() -> None:
    """A bright actor fixed to the frame outweighs a backdrop that pans; left out, the pan shows."""
    latents, cameras = _clips(follow=True)
    actors = torch.zeros(latents.shape[0], latents.shape[2], 18, 32, dtype=torch.bool)
    actors[:, :, 4:14, 10:22] = True
    latents[:, :, :, 4:14, 10:22] = 25.0 * torch.linspace(-1, 1, 12)  # a strong pattern that does not move
    assert measure(latents, cameras, gap=3)[-1].follows < 0.5
    rows = measure(latents, cameras, gap=3, actors=actors)
    assert all(r.follows == 1.0 for r in rows)
