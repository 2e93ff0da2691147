"""mlc_quant: quantized element types, the 2:4 sparse encoding, precision decisions, and quantized ops."""

from xdsl.ir import Dialect

from mlc.dialects.mlc_quant import ops
from mlc.dialects.mlc_quant.ops import *  # noqa: F403
from mlc.dialects.mlc_quant.types import (
    DecisionAttr,
    Sparse24Attr,
    UniformQuantizedType,
    expanded_params,
    quantized_element,
    sparse_encoding,
)

MLC_QUANT = Dialect("mlc_quant", ops.OPS, [UniformQuantizedType, Sparse24Attr, DecisionAttr])

__all__ = [
    *ops.__all__,
    "MLC_QUANT",
    "DecisionAttr",
    "Sparse24Attr",
    "UniformQuantizedType",
    "expanded_params",
    "quantized_element",
    "sparse_encoding",
]
