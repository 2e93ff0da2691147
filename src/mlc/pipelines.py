"""Named pipelines: a name usable as one pipeline element (`builtin.module(mlc-default)`) -> its text.

Each text is a pipeline element list in mlc-opt's syntax; it may nest (`func.func(...)`)
and name other pipelines.
"""

PIPELINES: dict[str, str] = {
    # Generic cleanups: simplify, evaluate constant subgraphs, simplify what folding exposed
    # (e.g. x * folded 1), then drop common subexpressions and dead ops.
    # Then fusion, one group per future kernel: reductions first (so a norm keeps its x*x
    # prologue), then contraction epilogues, then what is left of the elementwise ops.
    "mlc-default": "canonicalize,fold-constants,canonicalize,cse,dce,"
    "fuse-reductions,fuse-epilogue,fuse-elementwise",
}
