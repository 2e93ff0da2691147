"""numpy implementations of every mlc_tensor op: the executable specification of the dialect."""

from mlc.runtime.interpreter.mlc_tensor import (
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

FUNCTIONS = [*elementwise.FUNCTIONS, *constant.FUNCTIONS, *shape.FUNCTIONS, *contraction.FUNCTIONS, *pooling.FUNCTIONS, *reduction.FUNCTIONS, *normalization.FUNCTIONS, *fused.FUNCTIONS, *scan.FUNCTIONS]
