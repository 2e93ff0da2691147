"""Weights as dense_resource blobs: kept as arrays, hex-encoded only when printed, parsed back."""

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import Builtin, DenseResourceAttr, ModuleOp, TensorType, f32

from mlc.dialects.mlc_tensor import ConstantOp
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.resources import LazyBlobs, make_resource, resource_array
from mlc.ir.printing import PrintOptions

ARRAYS = [
    np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
    np.array([1.5, -2.25], dtype=np.float16),
    np.array([[0.5, 3.0]], dtype=ml_dtypes.bfloat16),
    np.array([True, False, True]),
    np.array([-128, 127], dtype=np.int8),
    np.array([2**40, -3], dtype=np.int64),
    np.array(4.5, dtype=np.float32),  # rank 0
]


def printed(module: ModuleOp) -> str:
    """The module as mlc-opt prints it, blobs included."""
    ctx = mlc_context()
    ctx.load_registered_dialect("builtin")
    return PrintOptions().to_text(module, ctx)


def test_builtin_store_is_lazy():
    assert isinstance(Builtin.get_interface(OpAsmDialectInterface), LazyBlobs)


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_round_trip_in_memory(array):
    attr = make_resource(array, "w")
    got = resource_array(attr)
    assert got.dtype == array.dtype and got.shape == array.shape
    np.testing.assert_array_equal(got, array)


@pytest.mark.parametrize("array", ARRAYS, ids=lambda a: f"{a.dtype}{a.shape}")
def test_printed_blob_is_mlir_hex_and_parses_back(array):
    attr = make_resource(array, "w")
    text = printed(ModuleOp([ConstantOp(attr)]))
    blob = "0x04000000" + array.astype(array.dtype.newbyteorder("<")).tobytes().hex().upper()
    assert f'{attr.resource_handle.data}: "{blob}"' in text
    parsed = parse_module(text)
    (constant,) = parsed.ops
    np.testing.assert_array_equal(resource_array(constant.value), array)


def test_later_changes_to_the_callers_array_do_not_reach_the_ir():
    array = np.zeros(4, dtype=np.float32)
    attr = make_resource(array)
    array[:] = 1
    np.testing.assert_array_equal(resource_array(attr), np.zeros(4, np.float32))
    assert not resource_array(attr).flags.writeable


def test_parsed_blob_replaces_an_array_under_the_same_key():
    store = LazyBlobs({})
    key = store.declare_resource("w")
    store.set_array(key, np.ones(2, np.float32))
    store.parse_resource(key, "0x0400000000000000")
    assert store.array(key) is None and store.lookup(key) == "0x0400000000000000"
    assert store.build_resources([key, "absent"]) == {key: "0x0400000000000000"}


def test_undeclared_key_is_refused():
    with pytest.raises(KeyError, match="wasn't declared"):
        LazyBlobs({}).set_array("nowhere", np.ones(1, np.float32))


def test_wrong_byte_count_is_an_error():
    attr = make_resource(np.ones(3, np.float32), "w")
    wrong = DenseResourceAttr.from_params(attr.resource_handle.data, TensorType(f32, [4]))
    with pytest.raises(ValueError, match=r"expected 16 bytes for tensor<4xf32>, got 12"):
        resource_array(wrong)


def test_missing_blob_is_an_error():
    module = parse_module("%c = mlc_tensor.constant dense_resource<never_given> : tensor<2xf32>")
    with pytest.raises(ValueError, match="dense_resource<never_given> has no blob"):
        resource_array(next(iter(module.ops)).value)


@pytest.mark.parametrize("name, key", [
    ("fc1.weight", "fc1.weight"), ("0.weight", "_0.weight"), ("x-y z", "x_y_z"), ("", "_"), ("a$b", "a$b"),
])
def test_names_become_handles_that_parse_back(name, key):
    attr = make_resource(np.ones(2, np.float32), name)
    handle = attr.resource_handle.data
    assert handle == key or handle.startswith(key + "_")  # a taken key gets a suffix
    text = printed(ModuleOp([ConstantOp(attr)]))
    (constant,) = parse_module(text).ops
    np.testing.assert_array_equal(resource_array(constant.value), np.ones(2, np.float32))


def test_arrays_exported_read_only_are_stored_without_a_copy_and_others_are_copied():
    """A jax array's numpy view is immutable, so it is kept as is; a numpy array is copied, even
    when its own view is read-only (its base can still change)."""
    import jax.numpy as jnp

    exported = np.asarray(jnp.arange(6, dtype=jnp.float32))
    assert np.shares_memory(resource_array(make_resource(exported, "jax_w")), exported)

    base = np.arange(6, dtype=np.float32)
    view = base.view()
    view.flags.writeable = False
    stored = resource_array(make_resource(view, "np_w"))
    base[0] = 100.0
    assert stored[0] == 0.0
