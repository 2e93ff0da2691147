"""The jaxpr walk: equations in order, as jax's eval_jaxpr does, each through a rule of the table.

Values in the environment are SSA values, numpy arrays known at import time (literals,
closed-over constants, scalars folded by running JAX itself: loop counters, static
indices), or POISON below an unsupported equation. Numpy arrays become constants only
where an op consumes them. Unsupported primitives are collected over the whole graph and
reported together, with counts and the user source locations JAX recorded.
"""

import inspect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import jax
import numpy as np
from jax._src import source_info_util
from jax.extend import core as jcore
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    ArrayAttr,
    DictionaryAttr,
    LocationAttr,
    ModuleOp,
    StringAttr,
    TensorType,
)
from xdsl.ir import Block, Region, SSAValue

from mlc.frontend import common
from mlc.frontend.diagnostics import SourceLocation, UnsupportedCollector, location_attr
from mlc.frontend.jax.emitter import POISON, Emitter, Raw, Unsupported, aval_type
from mlc.frontend.jax.rules import RULES

DEFAULT_MAX_UNROLLED_EQUATIONS = 20_000
"""scan/while bodies are unrolled while trip count x body equations stays within this."""

FOLD_MAX_ELEMENTS = 1
"""Equations on known values are computed by JAX at import time when each output is this small."""


class JaxImportError(RuntimeError):
    """A rule produced a value whose type differs from JAX's (an importer bug, never user error)."""


@dataclass
class ImportedFunction:
    """An imported function: the module plus JAX's pytree structures of its inputs and outputs."""

    module: ModuleOp
    in_tree: Any
    out_tree: Any


def source_location(eqn: Any) -> SourceLocation | None:
    """The innermost user frame of the equation's traceback (columns 1-based, as in MLIR)."""
    frame = source_info_util.user_frame(eqn.source_info.traceback)
    if frame is None:
        return None
    return SourceLocation(frame.file_name, frame.start_line, frame.start_column + 1)


def function_location(fn: Any) -> LocationAttr:
    """The location of the Python function's definition, when Python knows it."""
    try:
        _, line = inspect.getsourcelines(fn)
        return location_attr(SourceLocation(inspect.getsourcefile(fn) or "", line, 1))
    except (OSError, TypeError):
        return location_attr(None)


def argument_names(fn: Any, args: Sequence[Any]) -> list[str]:
    """Names of the flattened inputs: the parameter name, then pytree keys (`params.w`)."""
    try:
        params = list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        params = []
    names = []
    for i, arg in enumerate(args):
        base = params[i] if i < len(params) else f"arg{i}"
        for path, _ in jax.tree_util.tree_flatten_with_path(arg)[0]:
            keys = [str(getattr(k, "key", getattr(k, "idx", getattr(k, "name", k)))) for k in path]
            names.append(".".join([base, *keys]))
    return names


class JaxInputError(TypeError):
    """An example input whose dtype mlc_tensor cannot hold (names the input)."""


def input_type(aval: Any, name: str) -> TensorType:
    """The tensor type of a function input, or JaxInputError naming it."""
    try:
        return aval_type(aval)
    except Unsupported as e:
        raise JaxInputError(f"input '{name}': {e}") from None


class JaxImporter:
    """Imports one traced JAX function into a func.func of mlc_tensor ops."""

    def __init__(self, max_unrolled_equations: int = DEFAULT_MAX_UNROLLED_EQUATIONS):
        self.max_unrolled_equations = max_unrolled_equations
        self.block = Block()
        self.collector = UnsupportedCollector()
        self.quiet = False
        """True while unrolling loop iterations after the first: their equations were reported."""
        self.constants: dict[Any, tuple[np.ndarray, SSAValue]] = {}
        self.caller_location: SourceLocation | None = None
        """Where the inlined call being walked was made: its equations' fallback location."""

    # ---- values ---------------------------------------------------------------------------

    def materialize(self, raw: Raw, location: LocationAttr) -> SSAValue:
        """An SSA value for `raw`: numpy arrays become (cached) constants at `location`."""
        if isinstance(raw, SSAValue):
            return raw
        assert raw is not POISON, "a rule received a poisoned operand"
        array = np.asarray(raw)
        # Small arrays are shared by value, large ones (weights) by identity.
        key = (array.dtype.str, array.shape, array.tobytes()) if array.size <= 16 else id(raw)
        if key not in self.constants:
            op = common.constant(array, "const")
            op.location = location
            self.block.add_op(op)
            self.constants[key] = (raw, op.result)
        return self.constants[key][1]

    # ---- the walk -------------------------------------------------------------------------

    def inline(
        self, jaxpr: Any, consts: Sequence[Raw], args: Sequence[Raw], caller: Any
    ) -> list[Raw]:
        """run_jaxpr on a sub-jaxpr called by equation `caller`, whose location its equations inherit.

        Bodies of library functions (jax.nn.relu, ...) hold no user frame of their own.
        """
        outer = self.caller_location
        self.caller_location = self.location_of(caller)
        try:
            return self.run_jaxpr(jaxpr, consts, args)
        finally:
            self.caller_location = outer

    def location_of(self, eqn: Any) -> SourceLocation | None:
        """The equation's user source location, else that of the call it is inlined from."""
        return source_location(eqn) or self.caller_location

    def run_jaxpr(self, jaxpr: Any, consts: Sequence[Raw], args: Sequence[Raw]) -> list[Raw]:
        """Import the equations of `jaxpr` on these constants and arguments; return its outputs."""
        env: dict[Any, Raw] = {}

        def read(atom: Any) -> Raw:
            if isinstance(atom, jcore.Literal):
                return np.asarray(atom.val, dtype=atom.aval.dtype)
            return env[atom]

        for var, value in zip(jaxpr.constvars, consts, strict=True):
            env[var] = np.asarray(value) if not isinstance(value, SSAValue) else value
        for var, value in zip(jaxpr.invars, args, strict=True):
            env[var] = value
        for eqn in jaxpr.eqns:
            outs = self.run_equation(eqn, [read(v) for v in eqn.invars])
            for var, value in zip(eqn.outvars, outs, strict=True):
                env[var] = value
        return [read(v) for v in jaxpr.outvars]

    def report(self, name: str, location: SourceLocation | None, reason: str = "") -> None:
        """Record an unsupported equation (once per equation, not once per unrolled iteration)."""
        if not self.quiet:
            self.collector.add(name, location, reason)

    def run_equation(self, eqn: Any, ins: list[Raw]) -> list[Raw]:
        """Import one equation: fold it, apply its rule, or report it; return its outputs."""
        name = eqn.primitive.name
        rule = RULES.get(name)
        poison = [POISON] * len(eqn.outvars)
        location = self.location_of(eqn)
        if rule is None:
            if not self.foldable(eqn, ins):
                self.report(name, location, "no rule for this primitive")
                return poison
        elif any(x is POISON for x in ins) and not rule.raw:
            return poison
        if self.foldable(eqn, ins):
            folded = self.fold(eqn, ins)
            if folded is not None:
                return folded
        emitter = Emitter(self, eqn, location_attr(location))
        try:
            args = ins if rule.raw else [emitter.materialize(x) for x in ins]
            outs = rule.fn(emitter, *args)
        except Unsupported as e:
            self.report(name, location, str(e))
            return poison
        outs = list(outs) if isinstance(outs, list | tuple) else [outs]
        for var, value in zip(eqn.outvars, outs, strict=True):
            if isinstance(value, SSAValue) and value.type != aval_type(var.aval):
                raise JaxImportError(
                    f"{name}: the rule produced {value.type}, JAX says {var.aval.str_short()}"
                )
        return outs

    def foldable(self, eqn: Any, ins: list[Raw]) -> bool:
        """Whether JAX can compute the equation now: known inputs and tiny outputs."""
        return (
            all(isinstance(x, np.ndarray) for x in ins)
            and not any(jcore.jaxprs_in_params(eqn.params))
            and all(np.prod(v.aval.shape) <= FOLD_MAX_ELEMENTS for v in eqn.outvars)
        )

    def fold(self, eqn: Any, ins: list[np.ndarray]) -> list[Raw] | None:
        """The equation's outputs computed by JAX on the known inputs (None if JAX cannot)."""
        try:
            outs = eqn.primitive.bind(*ins, **eqn.primitive.get_bind_params(eqn.params))
        except Exception:  # noqa: BLE001 - folding is an optimization; the rule still applies
            return None
        outs = outs if eqn.primitive.multiple_results else [outs]
        return [np.asarray(o) for o in outs]

    # ---- the whole function ---------------------------------------------------------------

    def import_function(self, fn: Any, args: Sequence[Any]) -> ImportedFunction:
        """Trace `fn` on `args` with jax.make_jaxpr and import it as `func.func @main`."""
        closed, out_shapes = jax.make_jaxpr(fn, return_shape=True)(*args)
        jaxpr = closed.jaxpr
        names = argument_names(fn, args)
        input_types = [input_type(v.aval, name) for v, name in zip(jaxpr.invars, names)]
        location = function_location(fn)
        block_args = [self.block.insert_arg(t, i) for i, t in enumerate(input_types)]
        for arg in block_args:
            arg.location = location
        outs = self.run_jaxpr(jaxpr, closed.consts, block_args)
        self.collector.raise_if_any()
        results = [self.materialize(v, location) for v in outs]
        ret = func.ReturnOp(*results)
        ret.location = location
        self.block.add_op(ret)
        function = func.FuncOp(
            "main",
            (input_types, [r.type for r in results]),
            Region(self.block),
            arg_attrs=ArrayAttr([DictionaryAttr({"mlc.name": StringAttr(n)}) for n in names]),
        )
        function.location = location
        return ImportedFunction(
            ModuleOp([function]),
            jax.tree_util.tree_structure(tuple(args)),
            jax.tree_util.tree_structure(out_shapes),
        )
