"""numpy semantics of the mlc_tensor constant ops: dense literals, dense_resource weights, iota."""

import numpy as np
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, FloatAttr, IntegerAttr, TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import ConstantOp, IotaOp
from mlc.dialects.mlc_tensor.base import is_float
from mlc.ir.dtypes import to_numpy_dtype
from mlc.ir.resources import resource_array


def dense_array(attr: DenseIntOrFPElementsAttr) -> np.ndarray:
    """The values of a builtin dense<...> attribute as a read-only numpy array of its type."""
    typ = attr.type
    dtype = to_numpy_dtype(typ.get_element_type())
    if dtype == np.bool_:
        # i1 is stored one byte per element, any non-zero byte is true.
        flat = np.frombuffer(attr.data.data, dtype=np.int8) != 0
    else:
        flat = np.frombuffer(attr.data.data, dtype=dtype.newbyteorder("<"))
    return flat.reshape(typ.get_shape())


@register_impls
class ConstantFunctions(InterpreterFunctions):
    """constant (inline or blob) and iota."""

    @impl(ConstantOp)
    def run_constant(
        self, interpreter: Interpreter, op: ConstantOp, args: PythonValues
    ) -> PythonValues:
        value = op.value
        if isinstance(value, DenseIntOrFPElementsAttr):
            return (dense_array(value),)
        return (resource_array(value),)

    @impl(IotaOp)
    def run_iota(self, interpreter: Interpreter, op: IotaOp, args: PythonValues) -> PythonValues:
        typ = op.result.type
        assert isinstance(typ, TensorType)
        shape = typ.get_shape()
        element = typ.get_element_type()
        dtype = to_numpy_dtype(element)
        dimension = op.dimension.value.data
        start, step = op.properties.get("start"), op.properties.get("step")
        along = [1] * len(shape)
        along[dimension] = shape[dimension]
        if is_float(element):
            first = start.value.data if isinstance(start, FloatAttr) else 0.0
            delta = step.value.data if isinstance(step, FloatAttr) else 1.0
            values = first + delta * np.arange(shape[dimension], dtype=np.float64)
        else:
            first = start.value.data if isinstance(start, IntegerAttr) else 0
            delta = step.value.data if isinstance(step, IntegerAttr) else 1
            # int64 arithmetic wraps like the narrower result width does after astype.
            with np.errstate(over="ignore"):
                values = np.int64(first) + np.int64(delta) * np.arange(shape[dimension], dtype=np.int64)
        return (np.broadcast_to(values.astype(dtype).reshape(along), shape).copy(),)


FUNCTIONS = [ConstantFunctions]
