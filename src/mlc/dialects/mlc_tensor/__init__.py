"""mlc_tensor: value-semantics graph ops on static-shape builtin tensors."""

from xdsl.ir import Dialect

from mlc.dialects.mlc_tensor import (
    elementwise,
    constant,
    shape,
    contraction,
    pooling,
    reduction,
    normalization,
    fused,
    scan,
)
from mlc.dialects.mlc_tensor.elementwise import *  # noqa: F403
from mlc.dialects.mlc_tensor.constant import *  # noqa: F403
from mlc.dialects.mlc_tensor.shape import *  # noqa: F403
from mlc.dialects.mlc_tensor.contraction import *  # noqa: F403
from mlc.dialects.mlc_tensor.pooling import *  # noqa: F403
from mlc.dialects.mlc_tensor.reduction import *  # noqa: F403
from mlc.dialects.mlc_tensor.normalization import *  # noqa: F403
from mlc.dialects.mlc_tensor.fused import *  # noqa: F403
from mlc.dialects.mlc_tensor.scan import *  # noqa: F403

MLC_TENSOR = Dialect(
    "mlc_tensor",
    [*elementwise.OPS, *constant.OPS, *shape.OPS, *contraction.OPS, *pooling.OPS, *reduction.OPS, *normalization.OPS, *fused.OPS, *scan.OPS],
    [],
)
