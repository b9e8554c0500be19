"""Export one module to an ONNX graph: fixed shapes except the batch axis, weights in
``<name>.data`` next to the graph when they exceed the 2 GB protobuf limit; opset 17, or 23
once short_attention.py has used ONNX Attention.

The module is traced in its export forms (export_forms.py: fused attention, Gemm, split
GEGLU, temporal convolutions as Conv2d). Graphs up to GRAPH_PASS_LIMIT of weights then go
through ``speed_passes``, each a module of its own:

* constant Reshape targets (graph_passes.fix_batch_reshapes);
* the temporal transformers' entry transposes as two fast steps around their input
  projection (transposes.py);
* group norms' per-channel affines in one pass (channel_affine.py);
* an output projection that narrows the channels folded into the feed-forward before it
  (narrow_output.py);
* feed-forwards in row chunks that stay in cache (row_chunks.py);
* each value computed once (shared_work.py);
* attention over short sequences as ONNX Attention (short_attention.py);

and, for the UNet, the guidance batch's shared prefix is computed once (shared_prefix.py).
The parity tests hold the result to the PyTorch module."""

from __future__ import annotations

import contextlib
import hashlib
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from torch import nn

from .channel_affine import fuse_channel_affines
from .contract import EXTERNAL_DATA_SUFFIX, TensorSpec
from .export_forms import onnx_forms
from .graph_passes import Feeds, fix_batch_reshapes
from .narrow_output import narrow_outputs
from .row_chunks import CHUNK_BYTES, chunk_rows
from .shared_prefix import share_batch_prefix
from .shared_work import share_work
from .short_attention import shorten_attention
from .transposes import move_transposes

OPSET = 17
PROTOBUF_LIMIT = 2 * 1024**3
#: graphs with more weights skip the graph passes, which run the graph a few times with
#: onnxruntime: at that size the convolutions, not shape arithmetic, set the speed
GRAPH_PASS_LIMIT = 512 * 1024**2


def speed_passes(model: onnx.ModelProto, single: Feeds, double: Feeds, chunk_bytes: int = CHUNK_BYTES) -> dict[str, int]:
    """Run the graph passes that change how ``model`` computes, not what (see the module
    doc), in order; ``double`` holds twice the batch of ``single``. Returns what each did."""
    return {
        "Reshape targets made constant": fix_batch_reshapes(model, single, double, growth=2),
        "transposes moved past projections": move_transposes(model, single, double),
        "per-channel affines fused": fuse_channel_affines(model, single, double),
        "narrowing output projections folded into the feed-forward": narrow_outputs(model, single, double),
        "regions run in row chunks": chunk_rows(model, single, double, chunk_bytes),
        "duplicate nodes merged": share_work(model, single, double),
        "attention nodes over short sequences as Attention": shorten_attention(model, single, double),
    }


def file_entry(path: Path, relative_to: Path) -> dict[str, Any]:
    """{path, sha256, bytes} of a package file."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return {"path": path.relative_to(relative_to).as_posix(), "sha256": digest.hexdigest(),
            "bytes": path.stat().st_size}


def _initializer_bytes(model: onnx.ModelProto) -> int:
    total = 0
    for tensor in model.graph.initializer:
        count = 1
        for dim in tensor.dims:
            count *= dim
        total += count * onnx.helper.tensor_dtype_to_np_dtype(tensor.data_type).itemsize
    return total


def _stamp_shapes(model: onnx.ModelProto, specs: Sequence[TensorSpec]) -> None:
    """Write the contract's shapes onto the graph's inputs and outputs: the tracer leaves
    some output dimensions symbolic although they are fixed."""
    values = {value.name: value for value in (*model.graph.input, *model.graph.output)}
    for spec in specs:
        dims = values[spec.name].type.tensor_type.shape.dim
        if len(dims) != len(spec.shape):
            raise ValueError(f"{spec.name}: exported rank {len(dims)} differs from the contract's {len(spec.shape)}")
        for dim, size in zip(dims, spec.shape):
            if isinstance(size, str):
                dim.Clear()
                dim.dim_param = size
            else:
                dim.dim_value = size


def _batch_feeds(example_inputs: Sequence[torch.Tensor], inputs: Sequence[TensorSpec], growth: int
                 ) -> dict[str, np.ndarray]:
    """The example inputs with the free batch axis repeated ``growth`` times."""
    return {spec.name: np.concatenate([tensor.numpy()] * growth) if isinstance(spec.shape[0], str)
            else tensor.numpy() for spec, tensor in zip(inputs, example_inputs, strict=True)}


def export_graph(
    module: nn.Module,
    example_inputs: Sequence[torch.Tensor],
    path: Path,
    inputs: Sequence[TensorSpec],
    outputs: Sequence[TensorSpec],
    external_data_threshold: int = PROTOBUF_LIMIT,
    plain: bool = False,
    shared_batch_inputs: Sequence[str] = (),
) -> list[Path]:
    """Export ``module`` to ``path``; returns the files written (graph, then external data).

    ``inputs``/``outputs`` name the graph's tensors; their string dimensions become the free
    batch axis. Graphs whose weights exceed ``external_data_threshold`` bytes keep them in
    one ``<path>.data`` file. ``plain`` exports the modules as they are, without the export
    forms and the graph passes (how packages were written before them).
    ``shared_batch_inputs`` (the UNet's ``sample`` and ``timestep``): inputs whose two halves
    are equal in a guidance batch of 2; what the graph computes from them alone is then
    computed once (shared_prefix.py).
    """
    dynamic_axes = {
        spec.name: {axis: dim for axis, dim in enumerate(spec.shape) if isinstance(dim, str)}
        for spec in (*inputs, *outputs)
    }
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        scratch_path = Path(scratch) / path.name
        forms = contextlib.nullcontext() if plain else onnx_forms(module)
        with torch.no_grad(), warnings.catch_warnings(), forms:
            warnings.simplefilter("ignore")
            torch.onnx.export(
                module.eval(),
                tuple(example_inputs),
                str(scratch_path),
                dynamo=False,
                opset_version=OPSET,
                input_names=[spec.name for spec in inputs],
                output_names=[spec.name for spec in outputs],
                dynamic_axes=dynamic_axes,
                do_constant_folding=True,
            )
        model = onnx.load(str(scratch_path), load_external_data=True)
        _stamp_shapes(model, [*inputs, *outputs])
        if not plain and _initializer_bytes(model) <= GRAPH_PASS_LIMIT:
            single, twice = _batch_feeds(example_inputs, inputs, 1), _batch_feeds(example_inputs, inputs, 2)
            speed_passes(model, single, twice)
            if shared_batch_inputs:
                differ = {name: np.concatenate([value[:1], value[1:] + 1]) if name in shared_batch_inputs else value
                          for name, value in twice.items()}
                share_batch_prefix(model, shared_batch_inputs, twice, differ, single)
        data_path = path.with_name(path.name + EXTERNAL_DATA_SUFFIX)
        for stale in (path, data_path):
            stale.unlink(missing_ok=True)
        if _initializer_bytes(model) > external_data_threshold:
            onnx.save_model(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                            location=data_path.name, size_threshold=0)
            return [path, data_path]
        onnx.save_model(model, str(path))
        return [path]
