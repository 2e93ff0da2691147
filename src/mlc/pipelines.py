"""Named pipelines: a name usable as one pipeline element (`builtin.module(mlc-default)`) -> its text.

Each text is a pipeline element list in mlc-opt's syntax; it may nest (`func.func(...)`)
and name other pipelines.
"""

PIPELINES: dict[str, str] = {
    # Generic cleanups: simplify, evaluate constant subgraphs, simplify what folding exposed
    # (e.g. x * folded 1), then drop common subexpressions. recompose then turns the
    # importers' spellings of softmax, layer_norm, gelu and linear into those ops (after cse,
    # which it needs to see shared subexpressions once), the form fusion anchors on and
    # lowering has kernels for; fold-batchnorm folds inference batch norm into the weights
    # before it (and a folded weight is a constant fold-constants can finish); dce drops the rest.
    # Then fusion, one group per future kernel: attention first (whole QK^T-softmax-PV patterns,
    # before the other passes split them into three kernels), then reductions (so a norm keeps its x*x
    # prologue), then contraction epilogues, then what is left of the elementwise ops.
    "mlc-default": "canonicalize,fold-constants,canonicalize,cse,recompose,fold-batchnorm,"
    "fold-constants,dce,fuse-attention,fuse-reductions,fuse-epilogue,fuse-elementwise",
}
