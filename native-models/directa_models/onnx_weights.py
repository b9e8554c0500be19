"""Read a UNet's weights back out of an exported ``unet.onnx`` (plain export, opset 17).

The tracer keeps most parameters as initializers under their own names (``unet.<key>``);
constant folding turns the rest into unnamed ones that a single node consumes:

* a Linear weight, transposed, feeding the layer's ``MatMul`` (``/unet/<module path>/MatMul``);
* a GroupNorm weight or bias, reshaped to [C, 1, 1(, 1)], feeding the norm's ``Mul`` or ``Add``.

Parameters with equal values share one initializer through Identity nodes; a module called
more than once uses its initializer in several nodes. The node's name gives the module path
(for a module called from a hook, its ending: ``_resolve``), so every use of an initializer
maps to one parameter;
``unet_state_dict`` refuses a graph where that is not so (a parameter missing or found twice,
a shape that does not fit). Values are copied bit for bit.
"""

from __future__ import annotations

import re
from collections import defaultdict

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from .camera_coords import MODE as WINDOW_COORDS
from .camera_coords import MODE_TIME as WINDOW_TIME

PREFIX = "unet."


def camera_mode(model: onnx.ModelProto) -> str:
    """The camera path a UNet graph was exported with, from its parameter names."""
    names = [t.name for t in model.graph.initializer]
    if any(name.startswith(PREFIX + "camera_coords.time.") for name in names):
        return WINDOW_TIME
    if any(name.startswith(PREFIX + "camera_coords.") for name in names):
        return WINDOW_COORDS
    if any(name.startswith(PREFIX + "position_net.") for name in names):
        return "official-fuser"
    raise ValueError("the graph has neither the official camera module (position_net) nor camera_coords weights")


def _module_path(node_name: str) -> str:
    """'/unet/down_blocks.0/temp_convs.0/conv1/conv1.0/Mul' -> 'down_blocks.0.temp_convs.0.conv1.0':
    the tracer names a container's child by the container's attribute and its index."""
    parts = node_name.strip("/").split("/")
    if len(parts) < 3 or parts[0] != "unet":
        raise ValueError(f"node {node_name!r} is not inside the UNet module")
    path: list[str] = []
    for part in parts[1:-1]:
        if path and part.startswith(path[-1] + "."):
            part = part[len(path[-1]) + 1:]
        path.append(part)
    return ".".join(path)


def _resolve(key: str, expected: dict[str, torch.Tensor]) -> str | None:
    """The parameter a key read off a node's scope names. A module called from a forward hook
    (the window-coordinate camera path's shared MLP) is scoped under the module it hooks, so
    the key's leading parts may be wrong: the longest ending of it that ends exactly one
    parameter's name decides."""
    if key in expected:
        return key
    for parts in (key.split("."), re.sub(r"_\d+(?=\.|$)", "", key).split(".")):  # a module's 2nd call: "embed.0_1"
        for start in range(len(parts) - 1):
            ending = "." + ".".join(parts[start:])
            matches = [name for name in expected if name.endswith(ending)]
            if len(matches) == 1:
                return matches[0]
            if matches:
                break
    return None


def _parameter_uses(model: onnx.ModelProto) -> dict[str, list[tuple[str, onnx.NodeProto | None]]]:
    """Per initializer: the names it goes by (its own, and those of Identity nodes the tracer
    writes for parameters with equal values) with, for an unnamed one, its consumer."""
    consumers: dict[str, list[onnx.NodeProto]] = defaultdict(list)
    for node in model.graph.node:
        for name in node.input:
            consumers[name].append(node)
    uses: dict[str, list[tuple[str, onnx.NodeProto | None]]] = {}
    for tensor in model.graph.initializer:
        found: list[tuple[str, onnx.NodeProto | None]] = []
        names = [tensor.name]
        while names:
            name = names.pop()
            if name.startswith(PREFIX):
                found.append((name, None))
            for node in consumers[name]:
                if node.op_type == "Identity":
                    names.append(node.output[0])
                elif not name.startswith(PREFIX):
                    found.append((name, node))
        uses[tensor.name] = found
    return uses


def unet_state_dict(model: onnx.ModelProto, expected: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """The diffusers UNet state dict (keys without ``unet.``) held by ``model``'s initializers;
    ``expected`` is the target model's state dict (names and shapes)."""
    uses = _parameter_uses(model)
    found: dict[str, torch.Tensor] = {}
    source: dict[str, str] = {}
    problems: list[str] = []
    for tensor in model.graph.initializer:
        array = numpy_helper.to_array(tensor)
        if not uses[tensor.name]:
            problems.append(f"{tensor.name}: used by no node")
        for name, node in uses[tensor.name]:
            value = array
            if node is None:
                key = name[len(PREFIX):]
            elif node.op_type in ("MatMul", "Mul", "Add"):
                key = _module_path(node.name) + (".bias" if node.op_type == "Add" else ".weight")
                value = np.ascontiguousarray(array.T) if node.op_type == "MatMul" else array
            else:
                problems.append(f"{tensor.name}: used by {node.op_type} {node.name}, not a MatMul, Mul or Add")
                continue
            resolved = _resolve(key, expected)
            if resolved is None:
                problems.append(f"{tensor.name}: no parameter {key} in the model")
                continue
            key = resolved
            if key in found:
                if source.get(key) != tensor.name:
                    problems.append(f"{tensor.name}: parameter {key} found twice")
                continue
            shape = tuple(expected[key].shape)
            if value.size != int(np.prod(shape)) or (value.ndim == len(shape) and value.shape != shape):
                problems.append(f"{tensor.name}: shape {value.shape} does not fit {key} {shape}")
                continue
            found[key] = torch.from_numpy(value.reshape(shape).copy())
            source[key] = tensor.name
    missing = sorted(expected.keys() - found.keys())
    if missing:
        problems.append(f"{len(missing)} parameters not in the graph, e.g. {missing[:3]}")
    if problems:
        raise ValueError("cannot read the UNet's weights from the graph: " + "; ".join(problems[:5]))
    return found


def differing_initializers(a: onnx.ModelProto, b: onnx.ModelProto) -> list[str]:
    """Names of initializers that differ between two graphs (missing, or other bytes)."""
    def table(model: onnx.ModelProto) -> dict[str, bytes]:
        return {t.name: repr(tuple(t.dims)).encode() + numpy_helper.to_array(t).tobytes()
                for t in model.graph.initializer}

    left, right = table(a), table(b)
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))
