"""The JAX import walk: arguments, pytrees, constants, locations and the unsupported report."""

import re

import jax
import jax.numpy as jnp
from jax import lax
import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import DenseResourceAttr, FileLineColLoc

from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.jax import import_function, trace_function
from mlc.frontend.jax.importer import JaxInputError
from mlc.runtime.interpreter import argument_names, find_function

from jax_harness import check_jax, randn


def test_pytree_inputs_and_outputs_are_flattened_and_named():
    params = {"w": randn(4, 3), "b": randn(3)}

    def model(params, x):
        y = x @ params["w"] + params["b"]
        return {"out": y, "aux": (y.sum(), x)}

    module = check_jax(model, params, randn(2, 4))
    assert argument_names(find_function(module, None)) == ["params.b", "params.w", "x"]
    imported = trace_function(model, params, randn(2, 4))
    assert imported.out_tree.num_leaves == 3


def test_closed_over_arrays_become_named_resources():
    weight = randn(8, 8)
    module = check_jax(lambda x: x @ jnp.asarray(weight), randn(2, 8))
    constants = [op for op in module.walk() if op.name == "mlc_tensor.constant"]
    assert [isinstance(op.value, DenseResourceAttr) for op in constants] == [True]


def test_loop_counters_fold_at_import_time():
    fn = lambda x: jax.lax.fori_loop(0, 3, lambda i, c: c * (i + 1).astype(jnp.float32), x)
    module = check_jax(fn, randn(4))
    assert "i32" not in str(module)


def test_every_op_carries_the_user_source_location():
    module = import_function(lambda x: jax.nn.relu(x) * 2 + jnp.tanh(x), randn(3))
    ops = [op for op in module.walk() if op.name.startswith("mlc_tensor.")]
    assert ops
    for op in ops:
        assert isinstance(op.location, FileLineColLoc), op
        assert op.location.filename.data == __file__


def test_report_lists_every_unsupported_primitive_with_counts_and_locations():
    def model(x):
        a = lax.lgamma(x)
        b = lax.lgamma(a * 2)
        c = lax.cumlogsumexp(b, axis=0)
        return lax.nextafter(c + lax.digamma(x), x)

    with pytest.raises(UnsupportedOpsError) as info:
        import_function(model, randn(4))
    report = str(info.value)
    assert report.startswith("5 unsupported ops: lgamma x2 (")
    for name in ("cumlogsumexp x1", "digamma x1", "nextafter x1"):
        assert name in report
    line = model.__code__.co_firstlineno
    assert re.search(rf"test_jax_importer.py:{line + 1}, .*test_jax_importer.py:{line + 2}", report)
    assert info.value.counts == {"lgamma": 2, "cumlogsumexp": 1, "digamma": 1, "nextafter": 1}


def test_unsupported_input_dtype_names_the_input():
    with pytest.raises(JaxInputError, match="input 'x': dtype uint8"):
        import_function(lambda x: x, np.zeros(3, np.uint8))


def test_function_signature_and_locations_in_module():
    module = import_function(lambda x, y: (x + y, x), randn(2), randn(2))
    function = find_function(module, None)
    assert isinstance(function, func.FuncOp) and function.sym_name.data == "main"
    assert len(function.function_type.outputs.data) == 2
