"""dot_general and conv_general_dilated imported and run on the interpreter vs JAX."""

import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from jax_harness import check_jax, op_names, randint, randn

DOTS = [
    ("matmul", lambda a, b: a @ b, randn(3, 4), randn(4, 5)),
    ("vector", lambda a, b: a @ b, randn(4), randn(4, 5)),
    ("batched_3d_by_2d", lambda a, b: a @ b, randn(2, 3, 4), randn(4, 5)),
    ("batched", lambda a, b: jnp.einsum("bik,bkj->bij", a, b), randn(2, 3, 4), randn(2, 4, 5)),
    ("transposed_weight", lambda a, b: a @ b.T, randn(3, 4), randn(5, 4)),
    ("attention_scores", lambda q, k: jnp.einsum("bhqd,bhkd->bhqk", q, k), randn(2, 2, 3, 4), randn(2, 2, 5, 4)),
    ("odd_dims", lambda a, b: jnp.einsum("kbi,jbk->bij", a, b), randn(4, 2, 3), randn(5, 2, 4)),
    ("two_contracting", lambda a, b: jnp.tensordot(a, b, axes=([1, 2], [0, 1])), randn(2, 3, 4), randn(3, 4, 5)),
    ("outer", lambda a, b: jnp.outer(a, b), randn(3), randn(4)),
]


@pytest.mark.parametrize("name,fn,a,b", DOTS, ids=[d[0] for d in DOTS])
def test_dot_general(name, fn, a, b):
    check_jax(fn, a, b)


def test_int8_dot_with_int32_accumulation():
    a, b = randint(-5, 5, 3, 4, dtype=np.int8), randint(-5, 5, 4, 2, dtype=np.int8)
    check_jax(lambda a, b: lax.dot(a, b, preferred_element_type=jnp.int32), a, b)


CONVS = [
    ("nchw_same", dict(window_strides=(1, 1), padding="SAME", dimension_numbers=("NCHW", "OIHW", "NCHW")), (2, 3, 8, 8), (4, 3, 3, 3)),
    ("nhwc_strided", dict(window_strides=(2, 2), padding=((1, 1), (1, 1)), dimension_numbers=("NHWC", "HWIO", "NHWC")), (2, 8, 8, 3), (3, 3, 3, 4)),
    ("dilated_valid", dict(window_strides=(1, 1), padding="VALID", rhs_dilation=(2, 2), dimension_numbers=("NCHW", "OIHW", "NCHW")), (1, 2, 9, 9), (3, 2, 3, 3)),
    ("depthwise", dict(window_strides=(1, 1), padding="SAME", feature_group_count=4, dimension_numbers=("NHWC", "HWIO", "NHWC")), (1, 6, 6, 4), (3, 3, 1, 4)),
    ("mixed_layouts", dict(window_strides=(1, 2), padding=((0, 1), (2, 0)), dimension_numbers=("NHWC", "OIHW", "NCHW")), (2, 7, 6, 3), (5, 3, 2, 3)),
    ("conv1d_nwc", dict(window_strides=(1,), padding="SAME", dimension_numbers=("NWC", "WIO", "NWC")), (2, 9, 3), (3, 3, 4)),
]


@pytest.mark.parametrize("name,options,x_shape,w_shape", CONVS, ids=[c[0] for c in CONVS])
def test_conv_general_dilated(name, options, x_shape, w_shape):
    check_jax(lambda x, w: lax.conv_general_dilated(x, w, **options), randn(*x_shape), randn(*w_shape))


def test_nhwc_conv_needs_no_transpose():
    module = check_jax(
        lambda x, w: lax.conv_general_dilated(x, w, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")),
        randn(1, 5, 5, 2), randn(3, 3, 2, 4),
    )
    assert op_names(module) == ["mlc_tensor.conv2d"]


def test_transposed_convolution_is_reported():
    from mlc.frontend.diagnostics import UnsupportedOpsError
    from mlc.frontend.jax import import_function

    with pytest.raises(UnsupportedOpsError, match=r"conv_general_dilated x1 .*lhs_dilation"):
        import_function(
            lambda x, w: lax.conv_transpose(x, w, (2, 2), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC")),
            randn(1, 4, 4, 2), randn(3, 3, 2, 2),
        )
