"""mlc-import: import a PyTorch module or a JAX function from a Python file as mlc_tensor IR.

    mlc-import torch model.py:factory --input-shape 2,16:i64 [...] [-o model.mlir]
               [--params-as-args] [--strict] [--check] [--mlir-elide-elementsattrs-if-larger N]
    mlc-import jax model.py:fn --input-shape 4,8[:f32] [...] [-o model.mlir] [--check]

For torch, `factory` is called with no arguments and returns a module, a function, or a
(module or function, example_args) tuple; a module instance may be named directly. For jax,
`fn` is the function to import, or a factory without parameters returning fn or
(fn, example_args). `--input-shape` (one per input, in order) gives seeded random example
inputs and takes precedence over example inputs from the factory. Weights are written as
dense_resource blobs. `--check` prints the report of unsupported ops (or `0 unsupported ops`)
and exits 1 when there are any, writing no IR. Every user error ends in one diagnostic and
exit code 1.
"""

import argparse
import importlib.util
import inspect
import logging
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import numpy as np
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.ir.context import mlc_context, parse_attribute
from mlc.ir.dtypes import to_numpy_dtype
from mlc.tools.opt.output import write_atomically
from mlc.ir.printing import PrintOptions

DTYPES = ("f32", "f16", "bf16", "i1", "i8", "i32", "i64")


class UserError(Exception):
    """A user error; the message is the whole diagnostic (without a trailing newline)."""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors like every other mlc-import error (exit code 1)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"mlc-import: error: {message}\n")


def argument_parser() -> argparse.ArgumentParser:
    """The command line of mlc-import (one subcommand per frontend)."""
    parser = _ArgumentParser(prog="mlc-import", description="Import a PyTorch or JAX model as mlc_tensor IR.")
    frontends = parser.add_subparsers(dest="frontend", required=True, parser_class=_ArgumentParser)
    for name, what in (("torch", "FILE.py:FACTORY"), ("jax", "FILE.py:FN")):
        sub = frontends.add_parser(name, help=f"import from {name}")
        sub.add_argument("target", metavar=what, help="the Python file and the name in it")
        sub.add_argument(
            "--input-shape", action="append", default=[], metavar="D0,D1,...[:DTYPE]",
            help=f"one example input (repeat, in order): its shape and dtype ({', '.join(DTYPES)}; "
            "default f32); random values from --seed",
        )
        sub.add_argument("--seed", type=int, default=0, help="seed of the random example inputs")
        sub.add_argument("-o", "--output", metavar="FILE.mlir", help="write the IR here (default: stdout)")
        sub.add_argument("--check", action="store_true",
                         help="only report unsupported ops (exit 1 if there are any); write no IR")
        sub.add_argument("--mlir-elide-elementsattrs-if-larger", type=int, default=None, metavar="N",
                         help="print weights of more than N elements as dense_resource<__elided__> "
                         "(for reading only: the output does not parse back)")
        sub.add_argument("--print-debuginfo", action="store_true",
                         help="print the source locations (loc(...)) of the ops")
        if name == "torch":
            sub.add_argument("--params-as-args", action="store_true",
                             help="parameters and buffers become trailing function arguments")
            sub.add_argument("--strict", action="store_true", help="torch.export in strict mode")
    return parser


def parse_input_shape(spec: str) -> tuple[tuple[int, ...], np.dtype]:
    """`2,16:i64` -> ((2, 16), int64); no dtype means f32, no dimensions (`:i64`) rank 0."""
    dims, _, dtype = spec.partition(":")
    dtype = dtype or "f32"
    if dtype not in DTYPES:
        raise UserError(
            f"mlc-import: error: --input-shape '{spec}': unknown dtype '{dtype}' (expected one of {', '.join(DTYPES)})"
        )
    try:
        shape = tuple(int(d) for d in dims.split(",")) if dims else ()
    except ValueError:
        shape = (-1,)
    if any(d < 0 for d in shape):
        raise UserError(
            f"mlc-import: error: --input-shape '{spec}': expected non-negative integers "
            "separated by commas, e.g. 2,16:i64"
        )
    return shape, to_numpy_dtype(parse_attribute(dtype))


def random_input(shape: tuple[int, ...], dtype: np.dtype, rng: np.random.Generator) -> np.ndarray:
    """Random values of `dtype`: normal floats, integers in [0, 10) (valid token ids), random bools."""
    if dtype == np.bool_:
        return rng.random(shape) < 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, 10, shape).astype(dtype)
    return rng.standard_normal(shape).astype(np.float32).astype(dtype)


def load_target(target: str) -> tuple[Path, Any]:
    """The object named by `FILE.py:NAME`, after running the file as a module."""
    file, sep, name = target.rpartition(":")
    if not sep or not file or not name:
        raise UserError(f"mlc-import: error: expected FILE.py:NAME, got '{target}'")
    path = Path(file)
    if not path.is_file():
        raise UserError(f"mlc-import: error: cannot read '{file}': no such file")
    spec = importlib.util.spec_from_file_location(f"_mlc_import_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise UserError(f"mlc-import: error: cannot load '{file}' as Python source")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # as importlib does: dataclasses and pickling look it up
    sys.path.insert(0, str(path.resolve().parent))  # so the file can import its neighbours
    try:
        user_code(path, f"running '{file}'", spec.loader.exec_module, module)
    finally:
        sys.path.remove(str(path.resolve().parent))
    return path, attribute(module, name, file)


def attribute(module: ModuleType, name: str, file: str) -> Any:
    """`module.name`, or a diagnostic listing the names that are there."""
    if not hasattr(module, name):
        public = sorted(n for n in vars(module) if not n.startswith("_") and callable(getattr(module, n)))
        known = f" (it defines: {', '.join(public)})" if public else ""
        raise UserError(f"mlc-import: error: '{file}' has no attribute '{name}'{known}")
    return getattr(module, name)


def user_code(path: Path, what: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call `fn`; an exception becomes one diagnostic at the deepest frame in the user's file."""
    try:
        return fn(*args)
    except Exception as err:  # noqa: BLE001 -- anything the user's code raises is a user error
        where = "mlc-import"
        for frame in reversed(traceback.extract_tb(err.__traceback__)):
            if Path(frame.filename).resolve() == path.resolve():
                where = f"{path}:{frame.lineno}"
                break
        if isinstance(err, SyntaxError) and err.lineno is not None:
            where = f"{path}:{err.lineno}"
        message = str(err).strip().splitlines()[0] if str(err).strip() else ""
        raise UserError(f"{where}: error: {what} failed: {type(err).__name__}: {message}") from err


def example_inputs(args: argparse.Namespace, given: Sequence[Any] | None) -> list[Any]:
    """The --input-shape inputs, else the factory's; a diagnostic when there are neither."""
    if args.input_shape:
        rng = np.random.default_rng(args.seed)
        return [random_input(*parse_input_shape(s), rng) for s in args.input_shape]
    if given is None:
        raise UserError(
            "mlc-import: error: no example inputs: give --input-shape for each input "
            "(or return (model, example_args) from the factory)"
        )
    return list(given)


def split_factory_result(result: Any, path: Path) -> tuple[Any, Sequence[Any] | None]:
    """(model, example_args) from what a factory returned: a model, or a (model, args) tuple."""
    if isinstance(result, tuple):
        if len(result) != 2 or not isinstance(result[1], tuple | list):
            raise UserError(
                f"{path}: error: the factory returned a tuple of {len(result)}; "
                "expected (model, example_args) with example_args a tuple or list"
            )
        return result[0], result[1]
    return result, None


def import_torch(args: argparse.Namespace, path: Path, target: Any) -> ModuleOp:
    """Export the module the factory gives on the example inputs and import it."""
    import torch

    from mlc.frontend.torch import DynamicShapeError, import_program

    if isinstance(target, torch.nn.Module):
        model, given = target, None
    elif callable(target):
        model, given = split_factory_result(user_code(path, "calling the factory", target), path)
    else:
        raise UserError(f"{path}: error: '{args.target}' is neither a torch module nor a factory")
    if not isinstance(model, torch.nn.Module):
        if not callable(model):
            raise UserError(
                f"{path}: error: the factory returned {type(model).__name__}; expected a torch module or a function"
            )
        model = _function_module(model)
    inputs = tuple(_to_torch(x) for x in example_inputs(args, given))
    # torch logs a traceback for an op that fails on fake tensors, then raises the error
    # reported here: the log would put a traceback before the one diagnostic.
    logging.getLogger("torch._subclasses.fake_tensor").setLevel(logging.CRITICAL)
    # torch.export's own use of a deprecated pytree API (nothing the user can change).
    warnings.filterwarnings("ignore", r"`isinstance\(treespec, LeafSpec\)` is deprecated", FutureWarning)
    program = user_code(
        path, "torch.export", lambda: torch.export.export(model.eval(), inputs, strict=args.strict)
    )
    try:
        return import_program(program, params_as_args=args.params_as_args)
    except DynamicShapeError as err:
        raise UserError(f"{path}: error: {err}") from err


def _to_torch(value: Any) -> Any:
    """A numpy example input as a torch tensor (bf16 through float32); other values unchanged."""
    import torch

    if not isinstance(value, np.ndarray):
        return value
    if value.dtype == to_numpy_dtype(parse_attribute("bf16")):
        return torch.from_numpy(value.astype(np.float32)).to(torch.bfloat16)
    return torch.from_numpy(value)


def _function_module(fn: Callable[..., Any]) -> Any:
    """A torch module whose forward is `fn` (torch.export takes modules only)."""
    import torch

    class FunctionModule(torch.nn.Module):
        """Wraps a plain function for torch.export."""

        def forward(self, *inputs: Any) -> Any:
            """Call the wrapped function."""
            return fn(*inputs)

    return FunctionModule()


def import_jax(args: argparse.Namespace, path: Path, target: Any) -> ModuleOp:
    """Trace the function (or the one a parameterless factory gives) and import it."""
    import jax

    from mlc.frontend.jax import import_function
    from mlc.frontend.jax.emitter import UnsupportedShapeError
    from mlc.frontend.jax.importer import JaxInputError

    if not callable(target):
        raise UserError(f"{path}: error: '{args.target}' is not a function")
    fn, given = target, None
    if _is_factory(target):
        fn, given = split_factory_result(user_code(path, "calling the factory", target), path)
        if not callable(fn):
            raise UserError(f"{path}: error: the factory returned {type(fn).__name__}; expected a function")
    inputs = example_inputs(args, given)
    # Tracing abstractly first puts the user's own errors (shape mismatches, ...) in a diagnostic.
    user_code(path, "tracing with jax", jax.eval_shape, fn, *inputs)
    try:
        return import_function(fn, *inputs)
    except (UnsupportedShapeError, JaxInputError) as err:
        raise UserError(f"{path}: error: {err}") from err


def _is_factory(fn: Callable[..., Any]) -> bool:
    """Whether `fn` takes no arguments (so it is a factory, not the function to import)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return not any(
        p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL) for p in params
    )


def run(args: argparse.Namespace) -> str | None:
    """Import the target; returns the IR text (None with --check, which prints its report)."""
    path, target = load_target(args.target)
    frontend = import_torch if args.frontend == "torch" else import_jax
    try:
        module = frontend(args, path, target)
    except UnsupportedOpsError as err:
        if args.check:
            print(err.report)
            raise SystemExit(1) from err
        raise UserError(f"{path}: error: {err.report}") from err
    if args.check:
        print("0 unsupported ops")
        return None
    ctx = mlc_context()
    ctx.load_registered_dialect("builtin")  # the printer finds the blobs through it
    options = PrintOptions(
        debuginfo=args.print_debuginfo, elide_larger_than=args.mlir_elide_elementsattrs_if_larger
    )
    return options.to_text(module, ctx)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    args = argument_parser().parse_args(argv)
    try:
        text = run(args)
        if text is not None and args.output is not None:
            try:
                write_atomically(args.output, text)
            except OSError as err:
                raise UserError(f"mlc-import: error: cannot write '{args.output}': {err.strerror or err}") from err
        elif text is not None:
            sys.stdout.write(text)
    except UserError as err:
        sys.stderr.write(f"{err}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
