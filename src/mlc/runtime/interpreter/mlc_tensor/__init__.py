"""numpy implementations of every mlc_tensor op: the executable specification of the dialect."""

from mlc.runtime.interpreter.mlc_tensor import contraction, normalization, shape
from mlc.runtime.interpreter.mlc_tensor.elementwise import ElementwiseFunctions

FUNCTIONS = [ElementwiseFunctions, *shape.FUNCTIONS, *contraction.FUNCTIONS, *normalization.FUNCTIONS]
