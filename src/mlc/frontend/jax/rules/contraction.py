"""Contractions: dot_general (any batch/contracting dims) and conv_general_dilated (1-d and 2-d)."""

import math
from collections.abc import Sequence

from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.jax.emitter import Emitter, Unsupported, shape
from mlc.frontend.jax.rules.registry import rule

NHWC_SPECS = ((0, 3, 1, 2), (3, 2, 0, 1), (0, 3, 1, 2))
"""lhs/rhs/out specs of NHWC input, HWIO kernel, NHWC output: conv2d's nhwc layout as is."""


def free_dims(rank: int, *used: Sequence[int]) -> list[int]:
    """The dimensions of a rank-`rank` operand that are in none of `used`, in order."""
    taken = {d for dims in used for d in dims}
    return [d for d in range(rank) if d not in taken]


def inverse(perm: Sequence[int]) -> list[int]:
    """The permutation undoing `perm`."""
    result = [0] * len(perm)
    for i, p in enumerate(perm):
        result[p] = i
    return result


@rule("dot_general")
def dot_general(b: Emitter, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
    """lhs -> [batch, free, contracting], rhs -> [batch, contracting, free]; then one (batch_)matmul.

    JAX's result order is (batch, lhs free, rhs free), exactly the matmul result reshaped.
    """
    (lc, rc), (lb, rb) = b.params["dimension_numbers"]
    out_element = b.out_element()
    if out_element == i1:
        raise Unsupported("boolean dot products")
    lhs, rhs = b.cast(lhs, out_element), b.cast(rhs, out_element)
    ls, rs = shape(lhs), shape(rhs)
    lf, rf = free_dims(len(ls), lc, lb), free_dims(len(rs), rc, rb)
    batch = [ls[d] for d in lb]
    m, k, n = (math.prod(s[d] for d in dims) for s, dims in ((ls, lf), (ls, lc), (rs, rf)))
    lhs = b.transpose(lhs, [*lb, *lf, *lc])
    rhs = b.transpose(rhs, [*rb, *rc, *rf])
    if batch:
        flat = math.prod(batch)
        product = b.emit(
            mt.BatchMatmulOp(b.reshape(lhs, [flat, m, k]), b.reshape(rhs, [flat, k, n]))
        )
    else:
        product = b.emit(mt.MatmulOp(b.reshape(lhs, [m, k]), b.reshape(rhs, [k, n])))
    return b.reshape(product, b.out_type().get_shape())


@rule("conv_general_dilated")
def conv_general_dilated(b: Emitter, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
    """conv2d on operands transposed to NCHW/OIHW (nhwc kept as is); 1-d gets a unit height."""
    p = b.params
    numbers = p["dimension_numbers"]
    specs = (tuple(numbers.lhs_spec), tuple(numbers.rhs_spec), tuple(numbers.out_spec))
    spatial = len(specs[0]) - 2
    if spatial not in (1, 2):
        raise Unsupported(f"{spatial}-d convolution (1-d and 2-d are supported)")
    if any(d != 1 for d in p["lhs_dilation"]):
        raise Unsupported("transposed convolution (lhs_dilation != 1)")
    if p["batch_group_count"] != 1:
        raise Unsupported("batch_group_count != 1")
    padding = [tuple(pair) for pair in p["padding"]]
    if any(lo < 0 or hi < 0 for lo, hi in padding):
        raise Unsupported("negative convolution padding")
    lhs, rhs = b.cast(lhs, b.out_element()), b.cast(rhs, b.out_element())
    options = dict(
        strides=list(p["window_strides"]),
        padding=[n for pair in padding for n in pair],
        dilation=list(p["rhs_dilation"]),
        groups=p["feature_group_count"],
    )
    if specs == NHWC_SPECS:
        return b.emit(mt.Conv2dOp(lhs, rhs, layout="nhwc", **options))
    lhs, rhs = b.transpose(lhs, specs[0]), b.transpose(rhs, specs[1])
    if spatial == 1:
        # A 1-d convolution is a 2-d one over a height of 1.
        lhs = b.reshape(lhs, [*shape(lhs)[:2], 1, shape(lhs)[2]])
        rhs = b.reshape(rhs, [*shape(rhs)[:2], 1, shape(rhs)[2]])
        options = dict(
            strides=[1, *options["strides"]],
            padding=[0, 0, *options["padding"]],
            dilation=[1, *options["dilation"]],
            groups=options["groups"],
        )
    result = b.emit(mt.Conv2dOp(lhs, rhs, **options))
    if spatial == 1:
        n, c, _, w = shape(result)
        result = b.reshape(result, [n, c, w])
    return b.transpose(result, inverse(specs[2]))
