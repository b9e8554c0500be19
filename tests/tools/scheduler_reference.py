"""Writes tests/fixtures/schedulers.json: reference runs of diffusers' schedulers.

The TypeScript schedulers are tested against these numbers. Regenerate with
    .venv/bin/python tests/tools/scheduler_reference.py
(needs the pinned native-models requirements: torch, diffusers).
"""
import json
from pathlib import Path

import numpy as np
import torch
from diffusers import DDIMScheduler, DPMSolverMultistepScheduler

CONFIG = dict(num_train_timesteps=1000, beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
              prediction_type="epsilon", steps_offset=1, set_alpha_to_one=False)
#: the built-in model's schedule: linear betas to 0.02 (SNR near zero at T) and v-prediction
V_CONFIG = dict(CONFIG, beta_start=0.0001, beta_end=0.02, beta_schedule="linear", prediction_type="v_prediction")


def fake_model(sample: torch.Tensor, t: int) -> torch.Tensor:
    """A deterministic stand-in for a UNet: depends on the sample and the timestep."""
    return 0.8 * sample + 0.05 * torch.sin(torch.arange(sample.numel(), dtype=torch.float32) + t / 100.0)


def run(scheduler, steps: int) -> dict:
    scheduler.set_timesteps(steps)
    gen = np.random.default_rng(steps)
    sample = torch.tensor(gen.standard_normal(8), dtype=torch.float32)
    initial = sample.clone()
    trajectory = []
    for t in scheduler.timesteps:
        eps = fake_model(sample, int(t))
        sample = scheduler.step(eps, t, sample).prev_sample
        trajectory.append(sample.tolist())
    return {"steps": steps, "timesteps": [int(t) for t in scheduler.timesteps], "initial": initial.tolist(),
            "trajectory": trajectory}


def runs(config: dict) -> dict:
    out = {"config": config, "ddim": [], "dpmpp-2m": []}
    for steps in (1, 6, 25, 50):
        out["ddim"].append(run(DDIMScheduler(clip_sample=False, **config), steps))
    for steps in (1, 6, 20, 25):
        dpm = DPMSolverMultistepScheduler(algorithm_type="dpmsolver++", solver_order=2, **{
            k: v for k, v in config.items() if k != "set_alpha_to_one"})
        out["dpmpp-2m"].append(run(dpm, steps))
    return out


def main() -> None:
    out = {**runs(CONFIG), "v_prediction": runs(V_CONFIG)}
    path = Path(__file__).resolve().parents[1] / "fixtures" / "schedulers.json"
    path.write_text(json.dumps(out, indent=1))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
