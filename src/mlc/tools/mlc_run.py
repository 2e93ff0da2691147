"""mlc-run: execute a function of an .mlir file on the numpy reference interpreter.

    mlc-run model.mlir [--entry NAME]
            [--input NAME=x.npy ... | --inputs in.npz | --random-inputs SEED]
            [--output out.npz] [--print]

Inputs are named by the `mlc.name` argument attribute, else arg0, arg1, ...; results are
saved as result0, result1, ... Every mistake a user can make (a missing or malformed
file, IR that does not verify, an unknown entry, inputs of the wrong name, shape or dtype,
an op that fails while running) ends in one diagnostic on stderr and exit code 1.
"""

import argparse
import os
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from typing import NoReturn

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation
from xdsl.utils.exceptions import InterpretationError, ParseError

from mlc.runtime.interpreter import (
    InterpreterInputError,
    build_interpreter,
    check_inputs,
    find_function,
    random_inputs,
)
from mlc.tools.opt.diagnostics import DiagnosticError, location_of, parse_error, verify
from mlc.ir.context import mlc_context
from mlc.ir.parser import LocatingParser


class RunError(Exception):
    """A user error; the message is the whole diagnostic (without the 'error:' prefix)."""


class _ArgumentParser(argparse.ArgumentParser):
    """argparse that reports usage errors like every other mlc-run error (exit code 1)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"mlc-run: error: {message}\n")


def argument_parser() -> argparse.ArgumentParser:
    """The command line of mlc-run."""
    parser = _ArgumentParser(
        prog="mlc-run", description="Run a function of an .mlir file on the numpy reference interpreter."
    )
    parser.add_argument("file", help="the .mlir file")
    parser.add_argument("--entry", help="function to run (default: main, else the first one)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--input", action="append", default=[], metavar="NAME=PATH.npy",
        help="one input from a .npy file (repeat for each argument)",
    )
    source.add_argument("--inputs", metavar="PATH.npz", help="all inputs from an .npz archive, keyed by name")
    source.add_argument("--random-inputs", type=int, metavar="SEED", help="reproducible random inputs")
    parser.add_argument("--output", metavar="PATH.npz", help="save the results as result0, result1, ...")
    parser.add_argument(
        "--print", action="store_true", help="print each result (the default without --output)"
    )
    return parser


def load_module(path: str) -> ModuleOp:
    """Parse and verify `path`; parse and verifier errors become located diagnostics."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as err:
        raise RunError(f"mlc-run: error: cannot read '{path}': {getattr(err, 'strerror', None) or err}")
    try:
        module = LocatingParser(mlc_context(), text, path).parse_module()
        verify(module, show_op=False)
    except ParseError as err:
        raise RunError(parse_error(err).render(path)) from err
    except DiagnosticError as err:
        raise RunError("".join(d.render(path) for d in err.diagnostics)) from err
    return module


def _load(path: str, what: str):
    """np.load without pickles; unreadable or malformed files become a RunError."""
    try:
        return np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise RunError(f"mlc-run: error: cannot load {what} '{path}': {err}") from err


def read_inputs(args: argparse.Namespace, function: func.FuncOp) -> dict[str, np.ndarray] | list[np.ndarray]:
    """The inputs the command line asks for, by name (or in order, for random inputs)."""
    if args.random_inputs is not None:
        return random_inputs(function, args.random_inputs)
    if args.inputs is not None:
        archive = _load(args.inputs, "inputs from")
        if not isinstance(archive, np.lib.npyio.NpzFile):
            raise RunError(f"mlc-run: error: --inputs expects an .npz archive, got '{args.inputs}'")
        with archive:
            return {name: archive[name] for name in archive.files}
    inputs = {}
    for spec in args.input:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise RunError(f"mlc-run: error: --input expects NAME=PATH.npy, got '{spec}'")
        if name in inputs:
            raise RunError(f"mlc-run: error: input '{name}' is given twice")
        array = _load(path, f"input '{name}' from")
        if not isinstance(array, np.ndarray):
            raise RunError(f"mlc-run: error: input '{name}': expected a .npy file, got '{path}'")
        inputs[name] = array
    return inputs


class _OpStack(Interpreter.Listener):
    """The ops being interpreted, outermost first: after an error, the last one is where it happened."""

    def __init__(self) -> None:
        self.ops: list[Operation] = []

    def will_interpret_op(self, op: Operation, args: tuple) -> None:
        self.ops.append(op)

    def did_interpret_op(self, op: Operation, results: tuple) -> None:
        self.ops.pop()


def run(args: argparse.Namespace) -> tuple[func.FuncOp, list[np.ndarray]]:
    """Load the file, run the entry function on the inputs and return its results."""
    module = load_module(args.file)
    try:
        function = find_function(module, args.entry)
    except InterpreterInputError as err:
        raise RunError(f"{args.file}: error: {err}") from err
    try:
        inputs = check_inputs(function, read_inputs(args, function))
    except InterpreterInputError as err:
        given = args.input or args.inputs is not None or args.random_inputs is not None
        hint = "" if given else " (give --input NAME=PATH.npy, --inputs PATH.npz or --random-inputs SEED)"
        raise RunError(f"{args.file}: error: {err}{hint}") from err
    interpreter = build_interpreter(module)
    running = _OpStack()
    interpreter.listeners = (running,)
    try:
        results = interpreter.call_op(function.sym_name.data, tuple(inputs))
    except (InterpretationError, ValueError, ArithmeticError) as err:
        # The xDSL interpreter re-raises the original exception (with the module as a note).
        loc = location_of(running.ops[-1].location) if running.ops else None
        where = str(loc) if loc is not None else args.file
        raise RunError(f"{where}: error: {err}") from err
    return function, [np.asarray(r) for r in results]


def print_results(function: func.FuncOp, results: Sequence[np.ndarray]) -> None:
    """Each result's name, IR type, shape and dtype, then its values as numpy prints them."""
    for i, (value, typ) in enumerate(zip(results, function.function_type.outputs.data)):
        print(f"result{i}: {typ} (shape {value.shape}, dtype {value.dtype})")
        print(value)


def save_results(path: str, results: Sequence[np.ndarray]) -> None:
    """Write result0, result1, ... to `path` atomically (no partial file on failure)."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(suffix=".npz", dir=directory)
    except OSError as err:
        raise RunError(f"mlc-run: error: cannot write '{path}': {err.strerror or err}") from err
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **{f"result{i}": r for i, r in enumerate(results)})
        os.replace(tmp, path)
    except OSError as err:
        os.unlink(tmp)
        raise RunError(f"mlc-run: error: cannot write '{path}': {err.strerror or err}") from err


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    args = argument_parser().parse_args(argv)
    try:
        function, results = run(args)
        if args.output is not None:
            save_results(args.output, results)
    except RunError as err:
        message = str(err)
        sys.stderr.write(message if message.endswith("\n") else message + "\n")
        sys.exit(1)
    if args.print or args.output is None:
        try:
            print_results(function, results)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, as other command line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())



if __name__ == "__main__":
    main()
