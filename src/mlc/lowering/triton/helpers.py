"""Module-level @triton.jit helpers that emitted kernels call, written once per module that uses them."""

HELPERS: dict[str, str] = {
    # tanh(x) = 2 * sigmoid(2x) - 1: Triton's core library has sigmoid but no tanh (libdevice's
    # runs on GPUs only, not in the interpreter).
    "_tanh": '''@triton.jit
def _tanh(x):
    return 2 * tl.sigmoid(2 * x) - 1
''',
    # Combiners for tl.reduce: max/min that propagate NaN, as mlc_kernel.reduce's max/min do
    # (tl.max and tl.min drop NaNs).
    "_max_nan": '''@triton.jit
def _max_nan(a, b):
    return tl.maximum(a, b, propagate_nan=tl.PropagateNan.ALL)
''',
    "_min_nan": '''@triton.jit
def _min_nan(a, b):
    return tl.minimum(a, b, propagate_nan=tl.PropagateNan.ALL)
''',
}
"""Helper name -> its source; kernels ask for them through Writer.helper."""
