"""Fixtures shared by the interpreter tests."""

from collections.abc import Callable

import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, Region

from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype
from mlc.runtime.interpreter import run_function


def interpret_op(build: Callable[..., Operation], *arrays: np.ndarray) -> np.ndarray:
    """Build one op over function arguments typed like `arrays`, verify it, run it on them.

    The op must have one result, and the array must have exactly its dtype and shape.
    """
    block = Block(arg_types=[tensor_type_of(a) for a in arrays])
    op = build(*block.args)
    (result,) = op.results
    block.add_ops([op, func.ReturnOp(result)])
    function = func.FuncOp("main", ([a.type for a in block.args], [result.type]), Region(block))
    module = ModuleOp([function])
    module.verify()
    (out,) = run_function(module, list(arrays))
    assert out.dtype == to_numpy_dtype(result.type.get_element_type())
    assert out.shape == tuple(result.type.get_shape())
    return out


@pytest.fixture
def run_op() -> Callable[..., np.ndarray]:
    """`run_op(build, *arrays)`: interpret the op that `build` makes from arguments like `arrays`."""
    return interpret_op
