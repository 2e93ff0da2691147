"""Named pipelines: a name usable as one pipeline element (`builtin.module(mlc-default)`) -> its text.

Each text is a pipeline element list in mlc-opt's syntax; it may nest (`func.func(...)`)
and name other pipelines.
"""

PIPELINES: dict[str, str] = {
    # Generic cleanups: fold and simplify, then drop common subexpressions and dead ops.
    "mlc-default": "canonicalize,cse,dce",
}
