"""Module-level @triton.jit helpers that emitted kernels call, written once per module that uses them."""

HELPERS: dict[str, str] = {
    # tanh(x) = 2 * sigmoid(2x) - 1: Triton's core library has sigmoid but no tanh (libdevice's
    # runs on GPUs only, not in the interpreter).
    "_tanh": '''@triton.jit
def _tanh(x):
    return 2 * tl.sigmoid(2 * x) - 1
''',
    # The math functions below are missing from Triton's core library too (libdevice has
    # them on GPUs only); each is built from core functions, within a few ulp in f32.
    # trunc x = ceil x for x < 0, else floor x.
    "_trunc": '''@triton.jit
def _trunc(x):
    return tl.where(x < 0, tl.ceil(x), tl.floor(x))
''',
    # Round half to even: d = x - floor x is exact; ties go to the even neighbour.
    "_round_even": '''@triton.jit
def _round_even(x):
    r = tl.floor(x)
    d = x - r
    even = tl.floor(r * 0.5) * 2 == r
    return tl.where((d > 0.5) | ((d == 0.5) & ~even), r + 1, r)
''',
    # log1p x = log(u) * x / (u - 1) with u = 1 + x (exact where u == 1: x): Goldberg's trick.
    "_log1p": '''@triton.jit
def _log1p(x):
    u = 1 + x
    return tl.where(u == 1, x, tl.log(u) * (x / (u - 1)))
''',
    # expm1 x = (u - 1) * x / log u with u = e^x (Kahan's trick); x where u == 1, u - 1 where
    # that is -1 or inf.
    "_expm1": '''@triton.jit
def _expm1(x):
    u = tl.exp(x)
    m = u - 1
    return tl.where(u == 1, x, tl.where((m == -1) | (m == float("inf")), m, m * (x / tl.log(u))))
''',
    # Cephes atanf: reduce |x| to [0, tan(pi/8)] with atan x = pi/2 + atan(-1/x) (x > tan 3pi/8)
    # or pi/4 + atan((x - 1)/(x + 1)) (x > tan pi/8), then an odd degree-9 polynomial.
    "_atan": '''@triton.jit
def _atan(x):
    a = tl.abs(x)
    big = a > 2.414213562373095
    mid = (a > 0.4142135623730950) & ~big
    t = tl.where(big, -1 / a, tl.where(mid, (a - 1) / (a + 1), a))
    base = tl.where(big, 1.5707963267948966, tl.where(mid, 0.7853981633974483, 0.0))
    z = t * t
    p = (((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * t + t
    return tl.where(x < 0, -(base + p), base + p)
''',
    # atan2(y, x) = atan(y/x), shifted by +-pi when x < 0 (by the sign of y); +-pi/2 (0 at y = 0) when x == 0.
    "_atan2": '''@triton.jit
def _atan2(y, x):
    r = _atan(y / x)
    r = tl.where(x < 0, tl.where(y < 0, r - 3.141592653589793, r + 3.141592653589793), r)
    half = tl.where(y > 0, 1.5707963267948966, tl.where(y < 0, -1.5707963267948966, 0.0))
    return tl.where(x == 0, half, r)
''',
    # asin x = atan2(x, sqrt((1 - x)(1 + x))), acos x = atan2(sqrt((1 - x)(1 + x)), x); NaN outside [-1, 1].
    "_asin": '''@triton.jit
def _asin(x):
    return _atan2(x, tl.sqrt((1 - x) * (1 + x)))
''',
    "_acos": '''@triton.jit
def _acos(x):
    return _atan2(tl.sqrt((1 - x) * (1 + x)), x)
''',
    # x^y = 2^(y log2 |x|), negated for x < 0 and odd integer y, NaN for x < 0 and non-integer
    # y, 1 for y == 0 (as np.power).
    "_pow": '''@triton.jit
def _pow(x, y):
    r = tl.exp2(y * tl.log2(tl.abs(x)))
    integral = tl.floor(y) == y
    odd = integral & (tl.floor(y * 0.5) * 2 != y)
    r = tl.where((x < 0) & odd, -r, r)
    r = tl.where((x < 0) & ~integral, float("nan"), r)
    return tl.where(y == 0, 1.0, r)
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

DEPENDS: dict[str, tuple[str, ...]] = {"_atan2": ("_atan",), "_asin": ("_atan2", "_atan"), "_acos": ("_atan2", "_atan")}
"""Helper -> the helpers its source calls (written with it)."""
