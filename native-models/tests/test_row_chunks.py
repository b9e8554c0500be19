"""Feed-forwards in row chunks (row_chunks.py) and the repass command that applies the
graph passes to a package's graph as it is: the graph's outputs stay bit for bit the same
at any batch, only the regions with wide intermediates are chunked, and a package keeps
its weights and validity."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
import torch
from diffusers.models.attention import BasicTransformerBlock
from onnx import TensorProto, helper, numpy_helper
from torch import nn

from directa_models import onnx_export, repass
from directa_models.contract import TensorSpec, graph_specs
from directa_models.package import sample_feeds
from directa_models.row_chunks import _chunk_sizes, chunk_rows, merge_reshapes
from directa_models.validate import validate_package

SHIPPED = Path(__file__).resolve().parents[1] / "packages" / "directa-previz"


class Block(nn.Module):
    """A transformer block over [B, N, L, C] as the UNet's: self-attention, cross-attention
    on a text input, a GEGLU feed-forward."""

    def __init__(self) -> None:
        super().__init__()
        self.block = BasicTransformerBlock(32, 4, 8, cross_attention_dim=16)

    def forward(self, x: torch.Tensor, text: torch.Tensor) -> torch.Tensor:
        batch, n, length, channels = x.shape
        out = self.block(x.reshape(batch * n, length, channels), encoder_hidden_states=text.repeat_interleave(n, 0))
        return out.reshape(batch, n, length, channels)


def _session(model: onnx.ModelProto) -> ort.InferenceSession:
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


def _feeds(batch: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {"x": rng.standard_normal((batch, 6, 20, 32), dtype=np.float32),
            "text": rng.standard_normal((batch, 5, 16), dtype=np.float32)}


@pytest.fixture(scope="module")
def unchunked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Block, onnx.ModelProto]:
    """The block exported with the forms and constant reshapes, its rows not chunked."""
    torch.manual_seed(0)
    block = Block().eval()
    path = tmp_path_factory.mktemp("block") / "block.onnx"
    feeds = _feeds(1)
    specs = [TensorSpec("x", "float32", ("B", 6, 20, 32)), TensorSpec("text", "float32", ("B", 5, 16))]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(onnx_export, "chunk_rows", lambda *args, **kwargs: 0)
        onnx_export.export_graph(block, [torch.from_numpy(v) for v in feeds.values()], path, specs,
                                 [TensorSpec("y", "float32", ("B", 6, 20, 32))])
    return block, onnx.load(str(path))


def _chunked(model: onnx.ModelProto, chunk_bytes: int) -> tuple[onnx.ModelProto, int]:
    copy = onnx.ModelProto()
    copy.CopyFrom(model)
    return copy, chunk_rows(copy, _feeds(1), _feeds(2), chunk_bytes)


def test_the_feed_forward_runs_in_chunks_with_the_same_outputs_at_any_batch(unchunked) -> None:
    block, model = unchunked
    chunked, regions = _chunked(model, chunk_bytes=16 * 1024)
    # 120 rows a sample, [rows, 128] intermediates (512 bytes a row): 4 chunks of 30 rows
    assert regions == 1
    names = Counter(node.name.rsplit("__chunk", 1)[0] for node in chunked.graph.node if "__chunk" in node.name)
    assert set(names.values()) == {4}
    assert all("/ff/" in name for name in names)
    assert sum(node.op_type == "Split" for node in chunked.graph.node) == 1
    before, after = _session(model), _session(chunked)
    for batch in (1, 2, 3):
        feeds = _feeds(batch, seed=batch)
        expected = before.run(None, feeds)[0]
        assert np.array_equal(after.run(None, feeds)[0], expected)
        with torch.no_grad():
            reference = block(*(torch.from_numpy(v) for v in feeds.values())).numpy()
        assert np.abs(expected - reference).max() < 1e-5


def test_regions_that_fit_in_one_chunk_are_left_alone(unchunked) -> None:
    _, model = unchunked
    chunked, regions = _chunked(model, chunk_bytes=1024 * 1024)
    assert regions == 0
    assert not any("__chunk" in node.name for node in chunked.graph.node)


def test_a_chunk_per_row_at_most_and_sizes_that_add_up() -> None:
    assert _chunk_sizes(120, 512, 16 * 1024) == [30, 30, 30, 30]
    assert _chunk_sizes(10, 512, 1024) == [2] * 5
    assert _chunk_sizes(10, 512, 1) == [1] * 10
    assert _chunk_sizes(7, 4, 12) == [3, 2, 2]
    assert sum(_chunk_sizes(9216, 2048, 512 * 1024)) == 9216


def _graph(nodes: list[onnx.NodeProto], initializers: list[np.ndarray], names: list[str]) -> onnx.ModelProto:
    graph = helper.make_graph(
        nodes, "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["B", 4, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)],
        [numpy_helper.from_array(value, name) for value, name in zip(initializers, names, strict=True)])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_reshape_chains_and_identity_reshapes_are_dropped() -> None:
    """[B, 4, 6] -> [4B, 6] -> [B, 4, 6] -> [4B, 6] -> Relu: the chain becomes one Reshape."""
    shape = {"rows": np.array([-1, 6], np.int64), "cube": np.array([-1, 4, 6], np.int64)}
    nodes = [helper.make_node("Reshape", ["x", "rows"], ["a"]), helper.make_node("Reshape", ["a", "cube"], ["b"]),
             helper.make_node("Reshape", ["b", "rows"], ["c"]), helper.make_node("Reshape", ["c", "rows"], ["d"]),
             helper.make_node("Relu", ["d"], ["y"])]
    model = _graph(nodes, list(shape.values()), list(shape.keys()))
    feeds = {"x": np.random.default_rng(0).standard_normal((1, 4, 6), dtype=np.float32)}
    double = {"x": np.concatenate([feeds["x"]] * 2)}
    expected = _session(model).run(None, feeds)[0]
    assert merge_reshapes(model, feeds, double) == 3
    assert [node.op_type for node in model.graph.node] == ["Reshape", "Relu"]
    assert np.array_equal(_session(model).run(None, feeds)[0], expected)


def test_an_intermediate_read_elsewhere_is_kept() -> None:
    """A row-wise region whose intermediate is also read by a node outside it (here the
    graph's second output) still computes that tensor, from the concatenated chunks."""
    rng = np.random.default_rng(1)
    weights = [rng.standard_normal((6, 16), dtype=np.float32), rng.standard_normal((16, 6), dtype=np.float32),
               np.array([-1, 6], np.int64)]
    nodes = [helper.make_node("Reshape", ["x", "rows"], ["r"]), helper.make_node("Gemm", ["r", "w1"], ["h"]),
             helper.make_node("Relu", ["h"], ["g"]), helper.make_node("Gemm", ["g", "w2"], ["y"]),
             helper.make_node("Transpose", ["h"], ["side"])]
    model = _graph(nodes, weights, ["w1", "w2", "rows"])
    model.graph.output.append(helper.make_tensor_value_info("side", TensorProto.FLOAT, None))
    feeds = {"x": rng.standard_normal((1, 4, 6), dtype=np.float32)}
    double = {"x": rng.standard_normal((2, 4, 6), dtype=np.float32)}
    expected = _session(model).run(None, double)
    assert chunk_rows(model, feeds, double, chunk_bytes=2 * 64) == 1
    assert all(np.array_equal(a, b) for a, b in zip(_session(model).run(None, double), expected, strict=True))
    assert sum(node.op_type == "Concat" for node in model.graph.node) == 2  # y and h


@pytest.fixture(scope="module")
def tiny_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from directa_models import export
    out = tmp_path_factory.mktemp("repass") / "package"
    assert export.main(["--tiny", "--out", str(out), "--seed", "2"]) == 0
    return out


def test_tiny_package_is_exported_with_row_chunks(tiny_package: Path) -> None:
    graph = onnx.load(str(tiny_package / "unet.onnx")).graph
    assert any(node.name.endswith("/ff/net.2/Gemm__chunk1") for node in graph.node)


def _unet_outputs(package: Path) -> np.ndarray:
    manifest = json.loads((package / "manifest.json").read_text())
    inputs, _ = graph_specs(manifest)["unet"]
    session = ort.InferenceSession(str(package / "unet.onnx"), providers=["CPUExecutionProvider"])
    return session.run(None, sample_feeds(inputs, batch=2, seed=5))[0]


def test_repass_chunks_a_package_in_place_and_keeps_its_outputs(tiny_package: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    package = Path(shutil.copytree(tiny_package, tmp_path / "package"))
    expected = _unet_outputs(package)
    before = (package / "unet.onnx").read_bytes()
    assert repass.main([str(package), "--chunk-bytes", "65536", "--dry-run"]) == 0
    assert "regions run in row chunks: " in capsys.readouterr().out
    assert (package / "unet.onnx").read_bytes() == before
    assert repass.main([str(package), "--chunk-bytes", "65536"]) == 0
    assert "wrote " in capsys.readouterr().out
    assert validate_package(package) == []
    assert np.array_equal(_unet_outputs(package), expected)
    first = onnx.load(str(package / "unet.onnx")).graph
    assert sum("__chunk" in node.name for node in first.node) > sum("__chunk" in node.name for node in
                                                                    onnx.load(str(tiny_package / "unet.onnx")).graph.node)
    after = (package / "unet.onnx").read_bytes()
    assert repass.main([str(package), "--chunk-bytes", "65536"]) == 0  # nothing left to do: not rewritten
    assert "wrote " not in capsys.readouterr().out
    assert (package / "unet.onnx").read_bytes() == after


def test_repass_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert repass.main([str(tmp_path)]) == 1
    assert "manifest.json" in capsys.readouterr().err
    assert repass.main([str(tmp_path), "--chunk-bytes", "0"]) == 1
    assert "--chunk-bytes must be at least 1" in capsys.readouterr().err
    (tmp_path / "manifest.json").write_text(json.dumps({"files": {"unet": {"path": "unet.onnx", "externalData": {}}}}))
    (tmp_path / "unet.onnx").write_bytes(b"")
    assert repass.main([str(tmp_path)]) == 1
    assert "larger than the 512 MiB the exporter runs graph passes on" in capsys.readouterr().err



def test_the_shipped_unet_runs_its_feed_forwards_in_row_chunks() -> None:
    graph = onnx.load(str(SHIPPED / "unet.onnx"), load_external_data=False).graph
    outputs = [node for node in graph.node if "/ff/net.2/Gemm" in node.name]
    assert outputs and all("__chunk" in node.name for node in outputs)
