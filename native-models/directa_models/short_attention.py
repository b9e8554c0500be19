"""Graph pass: attention over short sequences as ONNX's own ``Attention`` (opset 23).

The exporter writes attention as onnxruntime's ``com.microsoft.MultiHeadAttention``, whose
CPU kernel is flash attention. Over long sequences (the full-resolution spatial
self-attention: 576 tokens) that is the fastest kernel onnxruntime has; over short ones
(every temporal attention: 16 frames, thousands of sequences; the spatial attention at
lower resolutions; the cross-attention over the prompt's 24 tokens) its per-block work
dominates, and onnxruntime's kernel for ONNX ``Attention`` is 15-35% faster on the same
inputs (onnxruntime-node 1.30, one thread; BENCHMARKS.md, session 11).

``shorten_attention(model, single, double)`` rewrites ``model`` in place: each
MultiHeadAttention node on 3-D query, key and value (and at most an attention bias, which
becomes ``Attention``'s additive mask) whose key sequence has at most ``MAX_KEYS`` tokens
becomes an ``Attention`` node with the same heads and scale; the graph's default opset
becomes 23. The two kernels sum in a different order, so the outputs are not bit for bit
the same: the pass checks them against the graph before within
``graph_passes.REORDERED_SUMS`` (rtol 1e-4, atol 1e-5) at batch 1 and 2 (the parity tests
then hold the package to the PyTorch model as before).
"""

from __future__ import annotations

import onnx
from onnx import helper

from .graph_passes import REORDERED_SUMS, Feeds, _run, assert_unchanged, outputs_of

#: the longest key sequence given to ``Attention``: 144 tokens was measured faster there,
#: 576 twice as slow
MAX_KEYS = 256
OPSET = 23
IR_VERSION = 10
#: MultiHeadAttention inputs: query, key, value, bias, key_padding_mask, attention_bias
ATTENTION_BIAS = 5


def _convertible(node: onnx.NodeProto) -> bool:
    if node.op_type != "MultiHeadAttention" or node.domain != "com.microsoft":
        return False
    inputs = list(node.input) + [""] * (6 - len(node.input))
    if not all(inputs[:3]) or any(inputs[3:ATTENTION_BIAS]) or len(node.input) > ATTENTION_BIAS + 1:
        return False
    allowed = {"num_heads", "scale"}
    return all(a.name in allowed for a in node.attribute)


def _replacement(node: onnx.NodeProto) -> onnx.NodeProto:
    attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
    inputs = list(node.input[:3])
    if len(node.input) > ATTENTION_BIAS and node.input[ATTENTION_BIAS]:
        inputs.append(node.input[ATTENTION_BIAS])
    extra = {"scale": attributes["scale"]} if "scale" in attributes else {}
    return helper.make_node("Attention", inputs, list(node.output), f"{node.name or node.output[0]}__short",
                            q_num_heads=attributes["num_heads"], kv_num_heads=attributes["num_heads"], **extra)


def shorten_attention(model: onnx.ModelProto, single: Feeds, double: Feeds) -> int:
    """Rewrite ``model`` in place (see the module doc); returns the nodes replaced."""
    graph = model.graph
    candidates = [node for node in graph.node if _convertible(node)]
    if not candidates:
        return 0
    keys = _run(model, single, [node.input[1] for node in candidates])[1]
    chosen = [node for node in candidates if len(keys[node.input[1]]) == 3 and keys[node.input[1]][1] <= MAX_KEYS]
    if not chosen:
        return 0
    before = outputs_of(model, single, double)
    for node in chosen:
        position = list(graph.node).index(node)
        graph.node.remove(node)
        graph.node.insert(position, _replacement(node))
    for opset in model.opset_import:
        if opset.domain in ("", "ai.onnx"):
            opset.version = max(opset.version, OPSET)
    model.ir_version = max(model.ir_version, IR_VERSION)
    assert_unchanged(model, (single, double), before, "attention as Attention", REORDERED_SUMS)
    return len(chosen)
