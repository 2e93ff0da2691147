"""The numeric check of passes: the reference interpreter's results must not drift across a pipeline.

Each public function of the module runs on the reference interpreter before the pipeline
and after every pass, on the same inputs (random from a seed, or given). At the first pass
whose results leave the tolerance, the check finds the first value that changed: both
versions run again with every op result recorded by location (ops keep the FileLineColLoc
of the source through passes), and the first value of the IR before the pass (in execution
order) whose location the IR after the pass also computes, with no matching value there, is
the one reported. The IR before and after the pass is written to files the report names.

    check = NumericsCheck(rtol=1e-4, atol=1e-5, seed=0)
    run_pipeline(module, "builtin.module(mlc-default)", observers=[check])  # raises NumericsDrift
"""

import math
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ml_dtypes
import numpy as np
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import FileLineColLoc, ModuleOp, UnknownLoc
from xdsl.interpreter import Interpreter
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass

from mlc.ir.context import mlc_context
from mlc.passes.manager import PassObserver, run_pipeline
from mlc.runtime.interpreter import build_interpreter, check_inputs, find_function, random_inputs
from mlc.ir.printing import PrintOptions
from mlc.ir.parser import LocatingParser

DEFAULT_RTOL = 1e-4
DEFAULT_ATOL = 1e-5


class NumericsError(Exception):
    """The numeric check cannot run: the interpreter fails on the IR, or inputs do not fit."""


@dataclass(frozen=True)
class Mismatch:
    """How a value differs from its reference: max abs and rel error, or a shape/dtype change."""

    max_abs: float
    max_rel: float
    changed: str = ""

    def __str__(self) -> str:
        if self.changed:
            return self.changed
        return f"max abs error {self.max_abs:.3g}, max rel error {self.max_rel:.3g}"


def compare(actual: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> Mismatch | None:
    """None if `actual` matches `expected`: integers and bools exactly, floats as np.isclose does.

    f16/bf16 values are allowed at least 2 ulps (of 1.0) of their type, which their rounding
    alone can exceed under f32 tolerances.
    """
    actual, expected = np.asarray(actual), np.asarray(expected)
    if actual.shape != expected.shape or actual.dtype != expected.dtype:
        changed = f"{expected.dtype}{list(expected.shape)} became {actual.dtype}{list(actual.shape)}"
        return Mismatch(math.inf, math.inf, changed)
    a, e = actual.astype(np.float64), expected.astype(np.float64)
    if _is_float(expected.dtype):
        eps = float(ml_dtypes.finfo(expected.dtype).eps)
        if eps > np.finfo(np.float32).eps:
            rtol, atol = max(rtol, 2 * eps), max(atol, 2 * eps)
        bad = ~np.isclose(a, e, rtol=rtol, atol=atol, equal_nan=True)
    else:
        bad = actual != expected
    if not bad.any():
        return None
    diff = np.where(np.isnan(a) | np.isnan(e), np.inf, np.abs(a - e))[bad]
    scale = np.abs(e[bad])
    rel = np.divide(diff, scale, out=np.full_like(diff, np.inf), where=scale > 0)
    return Mismatch(float(diff.max()), float(rel.max()))


def _is_float(dtype: np.dtype) -> bool:
    """Whether `dtype` is a floating-point type (numpy's or ml_dtypes' bf16)."""
    return np.issubdtype(dtype, np.floating) or dtype == ml_dtypes.bfloat16


@dataclass(frozen=True)
class FirstDifference:
    """The first value that differs: computed by `op_name` at `location`, now by `now`."""

    location: Attribute
    op_name: str
    now: tuple[str, ...]
    mismatch: Mismatch

    def __str__(self) -> str:
        now = "" if self.now == (self.op_name,) else f"; after the pass: {', '.join(self.now)}"
        return f"{self.op_name} at {format_location(self.location)} ({self.mismatch}{now})"


class NumericsDrift(NumericsError):
    """A pass changed a result beyond tolerance: which pass, where, by how much, and the IR files."""

    def __init__(
        self,
        pass_name: str,
        function: str,
        result: int,
        mismatch: Mismatch,
        first: FirstDifference | None,
        location: Attribute,
        before_path: Path,
        after_path: Path,
        tolerance: tuple[float, float],
    ):
        self.pass_name = pass_name
        self.function = function
        self.result = result
        self.mismatch = mismatch
        self.first = first
        self.location = location  # of the first differing value, else of the function
        self.before_path = before_path
        self.after_path = after_path
        rtol, atol = tolerance
        first_text = (
            f"first differing value: {first}"
            if first is not None
            else "no value computed at a location that survives the pass differs; compare the IR files"
        )
        super().__init__(
            f"numerics drift after pass '{pass_name}': result {result} of @{function} differs "
            f"({mismatch}; rtol {rtol:g}, atol {atol:g})\n"
            f"  {first_text}\n"
            f"  IR before the pass: {before_path}\n"
            f"  IR after the pass: {after_path}"
        )


def format_location(loc: Attribute) -> str:
    """`file:line:col` for a FileLineColLoc, else the location attribute as MLIR prints it."""
    if isinstance(loc, FileLineColLoc):
        return f"{loc.filename.data}:{loc.line.data}:{loc.column.data}"
    return str(loc)


@dataclass
class _Trace(Interpreter.Listener):
    """Every op result of a run, in execution order, with the location of the op computing it."""

    values: list[tuple[Attribute, str, np.ndarray]] = field(default_factory=list)

    def did_interpret_op(self, op: Operation, results: tuple[object, ...]) -> None:
        """Record each numeric result of `op` (ops without a location cannot be matched)."""
        if isinstance(op.location, UnknownLoc):
            return
        for value in results:
            if isinstance(value, np.ndarray | np.generic | int | float | bool):
                self.values.append((op.location, op.name, np.asarray(value)))


def _run(
    module: ModuleOp, function: str, inputs: Sequence[np.ndarray], trace: _Trace | None = None
) -> list[np.ndarray]:
    """Results of @`function` of `module` on `inputs` (checked again: buffers get fresh copies)."""
    args = check_inputs(find_function(module, function), inputs)
    interpreter = build_interpreter(module)
    if trace is not None:
        interpreter.listeners = (trace,)
    return [np.asarray(r) for r in interpreter.call_op(function, tuple(args))]


def first_difference(
    before: ModuleOp, after: ModuleOp, function: str, inputs: Sequence[np.ndarray], rtol: float, atol: float
) -> FirstDifference | None:
    """The first value of `before` (in run order) that no value at its location in `after` matches.

    Only values that survive are compared: same location, shape and dtype in `after`; None
    when every surviving value matches.
    """
    old, new = _Trace(), _Trace()
    _run(before, function, inputs, old)
    _run(after, function, inputs, new)
    by_location: dict[Attribute, list[tuple[str, np.ndarray]]] = {}
    for loc, name, value in new.values:
        by_location.setdefault(loc, []).append((name, value))
    for loc, name, value in old.values:
        candidates = [
            (n, v) for n, v in by_location.get(loc, ()) if v.shape == value.shape and v.dtype == value.dtype
        ]
        mismatches = [compare(v, value, rtol, atol) for _, v in candidates]
        if candidates and all(m is not None for m in mismatches):
            closest = min((m for m in mismatches if m is not None), key=lambda m: m.max_abs)
            now = tuple(dict.fromkeys(n for n, _ in by_location[loc]))
            return FirstDifference(loc, name, now, closest)
    return None


@dataclass
class NumericsCheck(PassObserver):
    """Runs the module's public functions before a pipeline and after each pass; raises NumericsDrift.

    Random inputs come from `seed`; with `inputs` (by argument name) only the entry function
    (`main`, else the first) runs, on them. The IR before and after a drifting pass goes into
    `dump_dir` (a new temporary directory when None).
    """

    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    seed: int = 0
    inputs: Mapping[str, np.ndarray] | None = None
    dump_dir: Path | None = None
    ctx: Context | None = None
    _module: ModuleOp | None = field(default=None, init=False)
    _last_good: ModuleOp | None = field(default=None, init=False)
    _cases: dict[str, list[np.ndarray]] = field(default_factory=dict, init=False)
    _expected: dict[str, list[np.ndarray]] = field(default_factory=dict, init=False)

    def pipeline_started(self, module: ModuleOp) -> None:
        """Choose the inputs and compute the reference results on the module as it is now."""
        self._module = module
        self._last_good = module.clone()
        self._cases = self._inputs(module)
        self._expected = {
            name: self._results(module, name, inputs, "before the pipeline")
            for name, inputs in self._cases.items()
        }

    def after_pass(self, p: ModulePass, op: Operation) -> None:
        """Compare every function's results with the reference; raise NumericsDrift on a drift."""
        module = self._module
        assert module is not None and self._last_good is not None, "pipeline_started comes first"
        for name, inputs in self._cases.items():
            actual = self._results(module, name, inputs, f"after pass '{p.name}'")
            for index, (got, want) in enumerate(zip(actual, self._expected[name], strict=True)):
                mismatch = compare(got, want, self.rtol, self.atol)
                if mismatch is not None:
                    raise self._drift(p, name, index, mismatch)
        self._last_good = module.clone()

    def _inputs(self, module: ModuleOp) -> dict[str, list[np.ndarray]]:
        """Inputs per function: the given ones for the entry, else random ones for each public one."""
        try:
            if self.inputs is not None:
                entry = find_function(module, None)
                return {entry.sym_name.data: check_inputs(entry, self.inputs)}
            functions = [
                f
                for f in module.ops
                if isinstance(f, func.FuncOp) and f.body.blocks and f.sym_visibility in (None, "public")
            ]
            if not functions:
                raise NumericsError("numerics check: the module has no public function with a body to run")
            return {f.sym_name.data: random_inputs(f, self.seed) for f in functions}
        except (ValueError, NotImplementedError) as err:
            raise NumericsError(f"numerics check: cannot make inputs: {err}") from err

    def _results(self, module: ModuleOp, name: str, inputs: list[np.ndarray], when: str) -> list[np.ndarray]:
        """Run @`name`; any failure (a missing function, an op the interpreter rejects) is a NumericsError."""
        try:
            return _run(module, name, inputs)
        except Exception as err:  # the interpreter runs arbitrary IR: every failure is a finding
            raise NumericsError(
                f"numerics check: cannot run @{name} on the reference interpreter {when}: "
                f"{type(err).__name__}: {err}"
            ) from err

    def _drift(self, p: ModulePass, name: str, index: int, mismatch: Mismatch) -> NumericsDrift:
        """The report for result `index` of @`name` drifting in pass `p`, with the IR written out."""
        module, before = self._module, self._last_good
        assert module is not None and before is not None
        first = first_difference(before, module, name, self._cases[name], self.rtol, self.atol)
        directory = self.dump_dir or Path(tempfile.mkdtemp(prefix="mlc-numerics-"))
        directory.mkdir(parents=True, exist_ok=True)
        before_path = self._write(directory, f"before-{p.name}-", before)
        after_path = self._write(directory, f"after-{p.name}-", module)
        function = find_function(module, name)
        location = first.location if first is not None else function.location
        return NumericsDrift(
            p.name, name, index, mismatch, first, location, before_path, after_path, (self.rtol, self.atol)
        )

    def _write(self, directory: Path, prefix: str, module: ModuleOp) -> Path:
        """Write `module` (with its resource blobs, so the file parses back) under a fresh name."""
        ctx = mlc_context() if self.ctx is None else self.ctx
        ctx.get_optional_dialect("builtin")  # it holds the weight blobs the file must carry
        with tempfile.NamedTemporaryFile(
            "w", dir=directory, prefix=prefix, suffix=".mlir", delete=False, encoding="utf-8"
        ) as out:
            out.write(PrintOptions().to_text(module, ctx))
        return Path(out.name)


def check_pipeline_numerics(
    module: ModuleOp,
    pipeline: str,
    *,
    ctx: Context | None = None,
    seed: int = 0,
    inputs: Mapping[str, np.ndarray] | None = None,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    dump_dir: Path | None = None,
) -> ModuleOp:
    """Run `pipeline` on `module` in place with the numeric check after every pass; return it.

    Raises NumericsDrift at the first pass that drifts, NumericsError when the check cannot run.
    """
    check = NumericsCheck(rtol=rtol, atol=atol, seed=seed, inputs=inputs, dump_dir=dump_dir, ctx=ctx)
    return run_pipeline(module, pipeline, ctx=ctx, observers=[check])


def assert_pipeline_preserves_numerics(
    module: ModuleOp | str,
    pipeline: str,
    seed: int = 0,
    rtol: float = DEFAULT_RTOL,
    atol: float = DEFAULT_ATOL,
    inputs: Mapping[str, np.ndarray] | None = None,
) -> ModuleOp:
    """Test helper: run `pipeline` on `module` (IR or .mlir text) checking numerics after every pass.

    Returns the transformed module; a drift fails the test with the report (pass, first
    differing op and location, errors, IR files). Text is parsed with every op located at
    `<input>:line:col`, so the report can name the op.
    """
    if isinstance(module, str):
        module = LocatingParser(mlc_context(), module, "<input>").parse_module()
        module.verify()
    try:
        return check_pipeline_numerics(module, pipeline, seed=seed, inputs=inputs, rtol=rtol, atol=atol)
    except NumericsDrift as drift:
        raise AssertionError(str(drift)) from drift
