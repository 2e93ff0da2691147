"""Calls and control flow: sub-jaxprs are inlined, scan/while unrolled, cond inlined or selected."""

from typing import Any

import numpy as np
from jax.extend import core as jcore

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.jax.emitter import POISON, Emitter, Raw, Unsupported, count_equations, shape
from mlc.frontend.jax.rules.elementwise import select_n
from mlc.frontend.jax.rules.registry import rule

CALLS = (
    "jit",
    "pjit",
    "closed_call",
    "core_call",
    "custom_jvp_call",
    "custom_vjp_call",
    "custom_vjp_call_jaxpr",
    "remat2",
    "checkpoint",
)
"""Primitives that call a sub-jaxpr on their operands; their bodies are inlined."""

BODY_PARAMS = ("jaxpr", "call_jaxpr", "fun_jaxpr")


def body_of(params: dict[str, Any]) -> tuple[Any, list[Any]]:
    """The called jaxpr and its constants, from a closed or open jaxpr parameter."""
    for key in BODY_PARAMS:
        if key in params:
            body = params[key]
            if isinstance(body, jcore.ClosedJaxpr):
                return body.jaxpr, list(body.consts)
            return body, []
    raise Unsupported(f"a call without a jaxpr parameter (params: {sorted(params)})")


def poisoned(values: list[Raw]) -> bool:
    """Whether any value comes from an unsupported equation."""
    return any(v is POISON for v in values)


def poison(count: int) -> list[Raw]:
    """`count` poisoned outputs."""
    return [POISON] * count


@rule(*CALLS, raw=True)
def call(b: Emitter, *args: Raw) -> list[Raw]:
    """Inline the called jaxpr (custom_jvp/vjp: the primal function; remat: the body)."""
    jaxpr, consts = body_of(b.params)
    return b.importer.inline(jaxpr, consts, list(args), b.eqn)


def check_unroll(b: Emitter, what: str, trips: int, body: Any) -> None:
    """Unsupported when `trips` copies of `body` exceed the importer's unroll limit."""
    per_trip = count_equations(body)
    limit = b.importer.max_unrolled_equations
    if trips * per_trip > limit:
        raise Unsupported(
            f"{what} of {trips} iterations x {per_trip} equations unrolls to "
            f"{trips * per_trip} equations, above the limit of {limit} "
            "(raise max_unrolled_equations to import it)"
        )


def step_of(b: Emitter, xs: Raw, index: int) -> Raw:
    """Row `index` of a scanned-over value (its leading axis dropped)."""
    if not hasattr(xs, "type"):
        return xs if poisoned([xs]) else xs[index]
    row = b.slice_axis(xs, 0, index, index + 1)
    return b.reshape(row, shape(xs)[1:])


def stack(b: Emitter, rows: list[Raw], aval: Any) -> Raw:
    """The per-iteration outputs stacked along a new leading axis, as scan returns them."""
    if all(isinstance(r, np.ndarray) for r in rows):
        return np.stack(rows) if rows else np.zeros(aval.shape, aval.dtype)
    values = [b.materialize(r) for r in rows]
    values = [b.reshape(v, [1, *shape(v)]) for v in values]
    return values[0] if len(values) == 1 else b.emit(mt.ConcatOp(values, 0))


@rule("scan", raw=True)
def scan(b: Emitter, *args: Raw) -> list[Raw]:
    """Unroll: run the body once per index (descending with `reverse`), stack the ys."""
    p, importer = b.params, b.importer
    body, length = p["jaxpr"], p["length"]
    n_consts, n_carry = p["num_consts"], p["num_carry"]
    consts, carry = list(args[:n_consts]), list(args[n_consts : n_consts + n_carry])
    xs = args[n_consts + n_carry :]
    check_unroll(b, "scan", length, body.jaxpr)
    order = range(length - 1, -1, -1) if p["reverse"] else range(length)
    ys: dict[int, list[Raw]] = {}
    quiet = importer.quiet
    try:
        for trip, index in enumerate(order):
            importer.quiet = quiet or trip > 0
            steps = [step_of(b, x, index) for x in xs]
            outs = importer.inline(body.jaxpr, body.consts, [*consts, *carry, *steps], b.eqn)
            if poisoned(outs):
                return poison(len(b.eqn.outvars))
            carry, ys[index] = outs[:n_carry], outs[n_carry:]
    finally:
        importer.quiet = quiet
    y_avals = [v.aval for v in b.eqn.outvars[n_carry:]]
    stacked = [stack(b, [ys[i][j] for i in range(length)], aval) for j, aval in enumerate(y_avals)]
    return [*carry, *stacked]


def static_condition(cond: Any, consts: list[Raw], carry: list[Raw]) -> bool:
    """The while condition computed by JAX on values known at import time, or Unsupported."""
    atoms = [*(v for eqn in cond.jaxpr.eqns for v in eqn.invars), *cond.jaxpr.outvars]
    used = {v for v in atoms if isinstance(v, jcore.Var)}
    values = []
    for var, value in zip(cond.jaxpr.invars, [*consts, *carry], strict=True):
        if var in used and not isinstance(value, np.ndarray):
            raise Unsupported(
                "a while_loop whose condition depends on values computed at run time "
                "(only loops with a static trip count are unrolled)"
            )
        values.append(value if var in used else np.zeros(var.aval.shape, var.aval.dtype))
    (result,) = jcore.jaxpr_as_fun(cond)(*values)
    return bool(result)


@rule("while", raw=True)
def while_loop(b: Emitter, *args: Raw) -> list[Raw]:
    """Unroll while the condition, computed at import time, holds (within the unroll limit)."""
    p, importer = b.params, b.importer
    cond, body = p["cond_jaxpr"], p["body_jaxpr"]
    n_cond, n_body = p["cond_nconsts"], p["body_nconsts"]
    cond_consts, body_consts = list(args[:n_cond]), list(args[n_cond : n_cond + n_body])
    carry = list(args[n_cond + n_body :])
    trips, quiet = 0, importer.quiet
    try:
        while poisoned(carry) or static_condition(cond, cond_consts, carry):
            trips += 1
            check_unroll(b, "while_loop", trips, body.jaxpr)
            importer.quiet = quiet or trips > 1
            carry = importer.inline(body.jaxpr, body.consts, [*body_consts, *carry], b.eqn)
            if poisoned(carry):
                return poison(len(carry))
    finally:
        importer.quiet = quiet
    return carry


@rule("cond", raw=True)
def cond(b: Emitter, index: Raw, *args: Raw) -> list[Raw]:
    """Inline the branch a known index picks; else run every branch and select the outputs."""
    branches = b.params["branches"]
    if isinstance(index, np.ndarray):
        chosen = branches[min(max(int(index), 0), len(branches) - 1)]
        return b.importer.inline(chosen.jaxpr, chosen.consts, list(args), b.eqn)
    results = [b.importer.inline(br.jaxpr, br.consts, list(args), b.eqn) for br in branches]
    if poisoned([index]) or any(poisoned(r) for r in results):
        return poison(len(b.eqn.outvars))
    which = b.materialize(index)
    return [
        select_n(b, which, *(b.materialize(r[j]) for r in results))
        for j in range(len(b.eqn.outvars))
    ]
