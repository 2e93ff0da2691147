"""The numpy reference interpreter: runs a function of an mlc module on numpy arrays.

Built on xDSL's Interpreter: every dialect contributes `InterpreterFunctions` classes
(one module per dialect, each op implemented with numpy), and values are numpy arrays.
The interpreter is the definition of what an op means; passes and backends are tested
against it.
"""

from collections.abc import Mapping, Sequence

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import MemRefType, ModuleOp, StringAttr, TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions
from xdsl.interpreters.func import FuncFunctions
from xdsl.traits import SymbolTable

from mlc.ir.dtypes import to_numpy_dtype
from mlc.runtime.interpreter import mlc_kernel, mlc_quant, mlc_tensor, upstream


class InterpreterInputError(ValueError):
    """A user-supplied input does not match the function signature (names the argument)."""


def all_functions() -> list[type[InterpreterFunctions]]:
    """Every InterpreterFunctions class the reference interpreter registers."""
    return [FuncFunctions, *upstream.FUNCTIONS, *mlc_tensor.FUNCTIONS, *mlc_quant.FUNCTIONS, *mlc_kernel.FUNCTIONS]


def build_interpreter(module: ModuleOp) -> Interpreter:
    """An xDSL Interpreter over `module` with every mlc implementation registered."""
    interpreter = Interpreter(module)
    for functions in all_functions():
        interpreter.register_implementations(functions())
    return interpreter


def find_function(module: ModuleOp, entry: str | None) -> func.FuncOp:
    """The function named `entry`, or the module's only/`main`/first public function."""
    functions = [op for op in module.walk() if isinstance(op, func.FuncOp) and op.body.blocks]
    if entry is not None:
        for f in functions:
            if f.sym_name.data == entry:
                return f
        names = ", ".join(f.sym_name.data for f in functions) or "none"
        raise InterpreterInputError(f"no function named '{entry}' (functions: {names})")
    if not functions:
        raise InterpreterInputError("the module has no function with a body to run")
    for f in functions:
        if f.sym_name.data == "main":
            return f
    return functions[0]


def declared_names(function: func.FuncOp) -> list[str | None]:
    """Each argument's `mlc.name` attribute (the name the importer or user gave it), or None."""
    names: list[str | None] = []
    for i in range(len(function.args)):
        name = function.arg_attrs.data[i].data.get("mlc.name") if function.arg_attrs else None
        names.append(name.data if isinstance(name, StringAttr) else None)
    return names


def argument_names(function: func.FuncOp) -> list[str]:
    """Names of the arguments: `mlc.name` arg attributes where present, else arg0, arg1, ..."""
    return [name or f"arg{i}" for i, name in enumerate(declared_names(function))]


def check_inputs(
    function: func.FuncOp, inputs: Sequence[np.ndarray] | Mapping[str, np.ndarray]
) -> list[np.ndarray]:
    """Order inputs by argument and check shape and dtype of each against the signature."""
    names = argument_names(function)
    if isinstance(inputs, Mapping):
        unknown = sorted(set(inputs) - set(names))
        if unknown:
            raise InterpreterInputError(f"unknown input(s) {unknown}; arguments are {names}")
        missing = [n for n in names if n not in inputs]
        if missing:
            raise InterpreterInputError(f"missing input(s) {missing}; arguments are {names}")
        inputs = [inputs[n] for n in names]
    if len(inputs) != len(names):
        raise InterpreterInputError(
            f"@{function.sym_name.data} expects {len(names)} input(s) {names}, got {len(inputs)}"
        )
    checked = []
    for name, value, typ in zip(names, inputs, function.function_type.inputs.data):
        value = np.asarray(value)
        if isinstance(typ, TensorType | MemRefType):
            expected_dtype = to_numpy_dtype(typ.get_element_type())
            expected_shape = tuple(typ.get_shape())
            if value.shape != expected_shape:
                raise InterpreterInputError(
                    f"input '{name}': expected shape {list(expected_shape)} ({typ}), "
                    f"got {list(value.shape)}"
                )
            if value.dtype != expected_dtype:
                raise InterpreterInputError(
                    f"input '{name}': expected dtype {expected_dtype} ({typ}), got {value.dtype}"
                )
        if isinstance(typ, MemRefType):
            # Kernels write buffers in place: the run gets its own C-contiguous copy, so it
            # never changes the caller's arrays.
            value = np.array(value, order="C")
        checked.append(value)
    return checked


def run_function(
    module: ModuleOp,
    inputs: Sequence[np.ndarray] | Mapping[str, np.ndarray] = (),
    entry: str | None = None,
) -> list[np.ndarray]:
    """Run function `entry` of `module` on `inputs` and return its results as numpy arrays."""
    function = find_function(module, entry)
    args = check_inputs(function, inputs)
    interpreter = build_interpreter(module)
    results = interpreter.call_op(function.sym_name.data, tuple(args))
    return [np.asarray(r) for r in results]


def run_kernel(module: ModuleOp, kernel: str, args: Sequence[object]) -> None:
    """Launch mlc_kernel.func @`kernel` of `module` over its grid: numpy buffers for pointers, written in place."""
    callee = SymbolTable.lookup_symbol(module, kernel)
    if not isinstance(callee, mlc_kernel.KernelFuncOp):
        raise InterpreterInputError(f"no mlc_kernel.func named '{kernel}' to launch")
    params = callee.function_type.inputs.data
    if len(args) != len(params):
        raise InterpreterInputError(f"@{kernel} expects {len(params)} argument(s), got {len(args)}")
    for i, (param, value) in enumerate(zip(params, args)):
        if not isinstance(param, mlc_kernel.PtrType):
            continue
        expected = upstream.element_dtype(param.pointee)
        if not isinstance(value, np.ndarray) or value.dtype != expected:
            got = f"dtype {value.dtype}" if isinstance(value, np.ndarray) else type(value).__name__
            raise InterpreterInputError(f"@{kernel} argument #{i}: expected a numpy buffer of {expected}, got {got}")
        if not value.flags.c_contiguous:
            # The kernel writes through a flat view of the buffer, which a strided array has not.
            raise InterpreterInputError(f"@{kernel} argument #{i}: expected a C-contiguous buffer, got a strided one")
    mlc_kernel.launch(build_interpreter(module), callee, args)


def random_inputs(function: func.FuncOp, seed: int) -> list[np.ndarray]:
    """Reproducible random inputs for `function`: normal floats, small non-negative integers, bools."""
    rng = np.random.default_rng(seed)
    values = []
    for typ in function.function_type.inputs.data:
        # Scalar arguments (index, i32, f32, ...) get 0-d arrays.
        dtype = upstream.element_dtype(typ)
        shape = tuple(typ.get_shape()) if isinstance(typ, TensorType | MemRefType) else ()
        if dtype == np.bool_:
            values.append(rng.random(shape) < 0.5)
        elif np.issubdtype(dtype, np.integer):
            values.append(rng.integers(0, 8, shape).astype(dtype))
        else:
            values.append(rng.standard_normal(shape).astype(dtype))
    return values
