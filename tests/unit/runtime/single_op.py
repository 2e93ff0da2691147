"""Run one mlc_tensor op, built by its Python builder, on numpy inputs through the interpreter."""

from collections.abc import Callable

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import FunctionType, ModuleOp
from xdsl.ir import Block, Operation, Region

from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype
from mlc.runtime.interpreter import run_function


def run_single_op(build: Callable[..., Operation], *inputs: np.ndarray) -> np.ndarray:
    """`build(*args)` applied to `inputs`, run by the interpreter; checks the result's type."""
    types = [tensor_type_of(x) for x in inputs]
    entry = Block(arg_types=types)
    op = build(*entry.args)
    (result,) = op.results
    entry.add_ops([op, func.ReturnOp(result)])
    function = func.FuncOp("main", FunctionType.from_lists(types, [result.type]), Region(entry))
    module = ModuleOp([function])
    module.verify()
    (value,) = run_function(module, list(inputs))
    expected_type = result.type
    assert value.dtype == to_numpy_dtype(expected_type.get_element_type())
    assert value.shape == tuple(expected_type.get_shape())
    return value
