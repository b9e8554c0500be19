"""Writes tests/bench/assets/matmul.onnx: one MatMul of two float32 inputs a [M, K] and
b [K, N] with free sizes, for the benchmark's measure of the CPU's matrix-product peak.

    .venv/bin/python tests/bench/assets/make_assets.py
"""

from pathlib import Path

import onnx
from onnx import TensorProto, helper


def matmul_graph() -> onnx.ModelProto:
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["a", "b"], ["c"])],
        "matmul",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["M", "K"]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, ["K", "N"])],
        [helper.make_tensor_value_info("c", TensorProto.FLOAT, ["M", "N"])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="directa-bench")
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


if __name__ == "__main__":
    onnx.save(matmul_graph(), str(Path(__file__).with_name("matmul.onnx")))
