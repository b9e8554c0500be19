"""From a `directa eval --json` report of the built-in model, writes
tests/fixtures/release-eval.json (the first camera, boxes and both case: the default-model
test regenerates them and compares) and the manifest's `eval` entry: the held-out cases,
steps and the report's summary as it is (version 2: camera figures over the cases that ask
for a move with unreadable clips counted apart, still-camera drift, box IoU missing = 0 and
over located frames, found shares, palette colours, each beside its do-nothing baseline;
see electron/cli/summary.ts). With a second report of the same cases made with
`--camera-projection off`, its summary goes in as `eval.modelAlone`: what the model does
without the engine's camera projection.

    .venv/bin/python tests/tools/release_fixture.py native-models/eval/release-report.json \
        [native-models/eval/release-report-model-alone.json]
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(report_path: str, alone_path: str | None = None) -> None:
    report = json.loads(Path(report_path).read_text())
    if report.get("objectControl", True) is not True:
        sys.exit(f"{report_path}: generated with --object-control off; a release's figures are the model's with it on")
    if report.get("cameraProjection", True) is not True:
        sys.exit(f"{report_path}: generated with --camera-projection off; a release's figures are the package's as it ships")
    alone = json.loads(Path(alone_path).read_text()) if alone_path else None
    if alone is not None and (alone.get("cameraProjection", True) is not False or alone["casesFile"] != report["casesFile"]
                              or alone["steps"] != report["steps"]):
        sys.exit(f"{alone_path}: not the same cases and steps generated with --camera-projection off")
    picked = []
    for kind in ("camera", "boxes", "both"):
        case = next(c for c in report["cases"] if c["name"].endswith(kind) and c["metrics"] is not None)
        picked.append({"name": case["name"], "spec": case["spec"], "metrics": case["metrics"]})
    fixture = {"package": report["package"], "steps": report["steps"], "cases": picked}
    (ROOT / "tests" / "fixtures" / "release-eval.json").write_text(json.dumps(fixture, indent=1))
    manifest_path = Path(report["package"]["dir"]) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    summary = report["summary"]
    manifest["eval"] = {
        "heldoutCases": summary["cases"], "failed": summary["failed"], "steps": report["steps"],
        "casesFile": "native-models/eval/heldout-cases.json", "report": "native-models/eval/release-report.json",
        **{k: v for k, v in summary.items() if k not in ("cases", "failed")},
    }
    if alone is not None:
        manifest["eval"]["modelAlone"] = {k: v for k, v in alone["summary"].items() if k not in ("cases", "failed")}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    print(json.dumps(manifest["eval"], indent=1))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
