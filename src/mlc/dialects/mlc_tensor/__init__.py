"""mlc_tensor: value-semantics graph ops on static-shape builtin tensors."""

from xdsl.ir import Dialect

from mlc.dialects.mlc_tensor import contraction, elementwise, normalization, shape
from mlc.dialects.mlc_tensor.contraction import *  # noqa: F403
from mlc.dialects.mlc_tensor.elementwise import *  # noqa: F403
from mlc.dialects.mlc_tensor.normalization import *  # noqa: F403
from mlc.dialects.mlc_tensor.shape import *  # noqa: F403

MLC_TENSOR = Dialect(
    "mlc_tensor",
    [*elementwise.OPS, *shape.OPS, *contraction.OPS, *normalization.OPS],
    [],
)
