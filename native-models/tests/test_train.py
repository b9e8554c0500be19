"""The training command end to end on the tiny config with tiny budgets: every stage runs,
checkpoints, exports a package that validates, and a second run resumes instead of
starting over."""

import json
from pathlib import Path

from PIL import Image

from directa_models.default_model import TINY_CONFIG
from directa_models.train.progress_samples import CAPTION_HEIGHT
from directa_models.train.__main__ import main
from directa_models.validate import validate_package


def test_train_exports_a_valid_package_and_resumes(tmp_path: Path) -> None:
    out, package = tmp_path / "run", tmp_path / "pkg"
    args = ["--config", str(TINY_CONFIG), "--out", str(out), "--package", str(package), "--minutes-vae", "0.01",
            "--minutes-base", "0.01", "--minutes-camera", "0.01", "--clips", "2", "--camera-clips", "2", "--threads", "1"]
    assert main(args) == 0
    assert validate_package(package) == []
    manifest = json.loads((package / "manifest.json").read_text())
    assert manifest["locator"]["kind"] == "colour" and "red" in manifest["locator"]["colours"]
    assert "trained by python -m directa_models.train" in manifest["source"]
    records = [json.loads(line) for line in (out / "log.jsonl").read_text().splitlines()]
    assert any(r.get("stage") == "vae" and "scaling" in r for r in records)
    for stage in ("vae", "base", "camera"):
        assert (out / f"{stage}.pt").is_file()
    sheets = sorted(p.name for p in (out / "samples").glob("*.png"))
    assert [s.split("-")[0] for s in sheets] == ["base", "camera", "vae.png"]
    with Image.open(out / "samples" / sheets[1]) as sheet:  # camera: 2 prompts x 3 moves, a row each
        assert sheet.height == 6 * (manifest["height"] + CAPTION_HEIGHT)

    # a second run finds every stage done and only exports again
    stamp = (out / "base.pt").stat().st_mtime_ns
    assert main(args) == 0
    assert (out / "base.pt").stat().st_mtime_ns == stamp
