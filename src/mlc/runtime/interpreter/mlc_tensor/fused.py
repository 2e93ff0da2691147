"""numpy semantics of mlc_tensor.fused: run the body on the captured values, return the yield."""

from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    TerminatorValue,
    impl,
    impl_terminator,
    register_impls,
)

from mlc.dialects.mlc_tensor import FusedOp, YieldOp


@register_impls
class FusedFunctions(InterpreterFunctions):
    """A fused op means exactly what its body means when run unfused."""

    @impl(FusedOp)
    def run_fused(self, interpreter: Interpreter, op: FusedOp, args: PythonValues) -> PythonValues:
        return interpreter.run_ssacfg_region(op.body, args, "mlc_tensor.fused")

    @impl_terminator(YieldOp)
    def run_yield(
        self, interpreter: Interpreter, op: YieldOp, args: PythonValues
    ) -> tuple[TerminatorValue, PythonValues]:
        return ReturnedValues(args), ()


FUNCTIONS = [FusedFunctions]
