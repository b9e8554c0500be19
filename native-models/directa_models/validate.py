"""python -m directa_models.validate PACKAGE: check a package against the contract.

Checks the manifest schema, that every file is present with the manifest's bytes and
sha256, the input/output names, types and shapes of the three graphs, and runs each graph
once with onnxruntime (the UNet with a CFG-sized batch of 2). Every problem names the file
it is about; the exit code is 1 when there is any.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import onnx

from .contract import GRAPH_FILES, MANIFEST, TensorSpec, check_manifest, graph_specs
from .onnx_export import file_entry
from .package import sample_feeds

RUN_BATCH = {"textEncoder": 1, "unet": 2, "vaeDecoder": 1}


def _file_entries(manifest: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "text.tokenizer", manifest["text"]["tokenizer"]
    for key, entry in manifest["files"].items():
        yield f"files.{key}", entry
        if "externalData" in entry:
            yield f"files.{key}.externalData", entry["externalData"]


def check_files(package: Path, manifest: dict[str, Any]) -> list[str]:
    problems = []
    for key, name in GRAPH_FILES.items():
        if manifest["files"][key]["path"] != name:
            problems.append(f"{MANIFEST}: files.{key}.path must be {name}")
    root = package.resolve()
    for where, entry in _file_entries(manifest):
        path = (package / entry["path"]).resolve()
        name = entry["path"]
        if not path.is_relative_to(root):
            problems.append(f"{MANIFEST}: {where}.path {name!r} points outside the package")
        elif not path.is_file():
            problems.append(f"{name}: missing (named by {where})")
        else:
            actual = file_entry(path, root)
            if actual["bytes"] != entry["bytes"]:
                problems.append(f"{name}: {actual['bytes']} bytes, the manifest says {entry['bytes']}")
            elif actual["sha256"] != entry["sha256"]:
                problems.append(f"{name}: sha256 {actual['sha256']} differs from the manifest's {entry['sha256']}")
    return problems


def _describe(value: onnx.ValueInfoProto) -> tuple[str, list[int | str]]:
    tensor = value.type.tensor_type
    dtype = onnx.helper.tensor_dtype_to_np_dtype(tensor.elem_type).name if tensor.elem_type else "unknown"
    dims: list[int | str] = [d.dim_value if d.HasField("dim_value") else d.dim_param for d in tensor.shape.dim]
    return dtype, dims


def check_io(name: str, kind: str, specs: list[TensorSpec],
             values: list[onnx.ValueInfoProto]) -> list[str]:
    problems = []
    actual = {value.name: value for value in values}
    for spec in specs:
        if spec.name not in actual:
            problems.append(f"{name}: {kind} '{spec.name}' is missing")
            continue
        dtype, dims = _describe(actual.pop(spec.name))
        if dtype != spec.dtype:
            problems.append(f"{name}: {kind} '{spec.name}' is {dtype}, expected {spec.dtype}")
        expected = ["batch" if isinstance(d, str) else d for d in spec.shape]
        found = ["batch" if isinstance(d, str) and d else d for d in dims]
        if found != expected:
            problems.append(f"{name}: {kind} '{spec.name}' has shape {dims}, expected {list(spec.shape)} "
                            f"(first axis free, others fixed)")
    problems.extend(f"{name}: unexpected {kind} '{extra}'" for extra in actual)
    return problems


def check_graphs(package: Path, manifest: dict[str, Any], run: bool) -> list[str]:
    problems = []
    for key, (inputs, outputs) in graph_specs(manifest).items():
        name = GRAPH_FILES[key]
        try:
            graph = onnx.load(str(package / name), load_external_data=False).graph
        except Exception as error:  # onnx raises several unrelated types for corrupt files
            problems.append(f"{name}: not a readable ONNX model ({error})")
            continue
        initializers = {init.name for init in graph.initializer}
        found = check_io(name, "input", inputs, [v for v in graph.input if v.name not in initializers])
        found += check_io(name, "output", outputs, list(graph.output))
        problems += found
        if run and not found:
            problems += run_graph(package / name, inputs, outputs, RUN_BATCH[key])
    return problems


def run_graph(path: Path, inputs: list[TensorSpec], outputs: list[TensorSpec], batch: int) -> list[str]:
    import onnxruntime as ort

    try:
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        result = session.run([outputs[0].name], sample_feeds(inputs, batch))[0]
    except Exception as error:  # onnxruntime reports load and run failures with its own types
        return [f"{path.name}: onnxruntime failed: {error}"]
    expected = tuple(batch if isinstance(d, str) else d for d in outputs[0].shape)
    if result.shape != expected:
        return [f"{path.name}: output has shape {list(result.shape)} at batch {batch}, expected {list(expected)}"]
    if not np.isfinite(result).all():
        return [f"{path.name}: output has NaN or infinite values"]
    return []


def validate_package(package: Path, run: bool = True) -> list[str]:
    """All problems found in the package; an empty list means it follows the contract."""
    if not package.is_dir():
        return [f"{package}: not a folder"]
    manifest_path = package / MANIFEST
    if not manifest_path.is_file():
        return [f"{MANIFEST}: missing"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return [f"{MANIFEST}: not valid JSON ({error})"]
    problems = [f"{MANIFEST}: {problem}" for problem in check_manifest(manifest)]
    if problems:
        return problems
    problems = check_files(package, manifest)
    if problems:
        return problems
    return check_graphs(package, manifest, run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m directa_models.validate", description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help="package folder (with manifest.json)")
    parser.add_argument("--no-run", action="store_true", help="skip running the graphs with onnxruntime")
    args = parser.parse_args(argv)
    problems = validate_package(args.package, run=not args.no_run)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{args.package}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{args.package}: valid package")
    return 0


if __name__ == "__main__":
    sys.exit(main())
