"""The manifest schema's optional engine defaults: the camera projection's strength."""
import json
from pathlib import Path

from directa_models.contract import check_manifest

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz" / "manifest.json"


def with_projection(value):
    manifest = json.loads(SHIPPED.read_text(encoding="utf-8"))
    manifest["defaults"].pop("cameraProjection", None)
    if value is not None:
        manifest["defaults"]["cameraProjection"] = value
    return manifest


def test_camera_projection_is_optional_and_between_0_and_1():
    assert check_manifest(with_projection(None)) == []
    assert check_manifest(with_projection(0)) == []
    assert check_manifest(with_projection(1)) == []
    for bad in (1.5, -0.1, "on", True):
        problems = check_manifest(with_projection(bad))
        assert len(problems) == 1 and problems[0].startswith("defaults.cameraProjection:"), (bad, problems)
