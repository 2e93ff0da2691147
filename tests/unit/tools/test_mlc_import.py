"""mlc-import: torch modules and JAX functions from Python files, --check, and one diagnostic per user error."""

import re
import runpy
from pathlib import Path

import numpy as np
import pytest
import torch
from xdsl.dialects.builtin import DenseResourceAttr

from mlc.ir.context import parse_module
from mlc.ir.resources import resource_array
from mlc.runtime.interpreter import run_function
from mlc.tools.mlc_import import main, parse_input_shape, random_input

INPUTS = Path(__file__).parent / "inputs"
TORCH = INPUTS / "torch_models.py"
JAX = INPUTS / "jax_models.py"


def run(capsys, *argv) -> str:
    """Run mlc-import successfully; returns stdout (stderr must hold no diagnostic)."""
    main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "error" not in err
    return out


def fail(capsys, *argv) -> tuple[str, str]:
    """Run mlc-import expecting a user error: exit code 1, no traceback; returns (stdout, stderr)."""
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in argv])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return out, err


def seeded_inputs(*specs: str, seed: int = 0) -> list[np.ndarray]:
    """The inputs mlc-import builds for these --input-shape specs."""
    rng = np.random.default_rng(seed)
    return [random_input(*parse_input_shape(s), rng) for s in specs]


# ---- torch ---------------------------------------------------------------------------------


def test_torch_factory_with_input_shapes_matches_eager(capsys):
    text = run(capsys, "torch", f"{TORCH}:embedder", "--input-shape", "2,5:i64")
    assert "tensor<2x5xi64>" in text and 'embed.weight: "0x04000000' in text
    (ids,) = seeded_inputs("2,5:i64")
    assert ids.dtype == np.int64 and 0 <= ids.min() and ids.max() < 10
    (got,) = run_function(parse_module(text), [ids])
    with torch.no_grad():
        expected = runpy.run_path(str(TORCH))["embedder"]()(torch.from_numpy(ids)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_torch_factory_with_example_inputs(capsys):
    text = run(capsys, "torch", f"{TORCH}:mlp_with_inputs")
    assert "func.func @main(%0: tensor<3x4xf32>" in text
    # --input-shape takes precedence over the factory's example inputs
    text = run(capsys, "torch", f"{TORCH}:mlp_with_inputs", "--input-shape", "5,4")
    assert "func.func @main(%0: tensor<5x4xf32>" in text


def test_torch_function_from_factory(capsys):
    text = run(capsys, "torch", f"{TORCH}:scaled_sum", "--input-shape", "2,3", "--input-shape", "2,3")
    x, y = seeded_inputs("2,3", "2,3")
    (got,) = run_function(parse_module(text), [x, y])
    np.testing.assert_allclose(got, (x * 2 + y).sum(-1), rtol=1e-6)


def test_torch_module_instance_with_params_as_args(capsys):
    text = run(capsys, "torch", f"{TORCH}:instance", "--input-shape", "1,3", "--params-as-args")
    assert '{mlc.name = "weight"}' in text and '{mlc.name = "bias"}' in text
    assert "dense_resource" not in text


def test_input_shape_specs():
    assert parse_input_shape("2,16:i64") == ((2, 16), np.dtype(np.int64))
    assert parse_input_shape("4,8") == ((4, 8), np.dtype(np.float32))
    assert parse_input_shape(":i1") == ((), np.dtype(np.bool_))
    assert random_input((3,), np.dtype(np.bool_), np.random.default_rng(0)).dtype == np.bool_


# ---- jax -----------------------------------------------------------------------------------


def test_jax_function_with_input_shapes_matches_jax(capsys):
    text = run(capsys, "jax", f"{JAX}:dense", "--input-shape", "2,8", "--seed", "3")
    (x,) = seeded_inputs("2,8", seed=3)
    (got,) = run_function(parse_module(text), [x])
    expected = np.asarray(runpy.run_path(str(JAX))["dense"](x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


def test_jax_factory_with_example_inputs(capsys):
    text = run(capsys, "jax", f"{JAX}:dense_with_inputs")
    assert "func.func @main(%0: tensor<2x8xf32>" in text


def test_output_file_elision_and_debuginfo(capsys, tmp_path):
    out = tmp_path / "model.mlir"
    assert run(capsys, "jax", f"{JAX}:dense", "--input-shape", "2,8", "-o", out) == ""
    module = parse_module(out.read_text())
    (weight,) = [op for op in module.walk() if isinstance(getattr(op, "value", None), DenseResourceAttr)]
    np.testing.assert_array_equal(
        resource_array(weight.value), np.linspace(-1, 1, 24, dtype=np.float32).reshape(8, 3)
    )
    text = run(capsys, "jax", f"{JAX}:dense", "--input-shape", "2,8",
               "--mlir-elide-elementsattrs-if-larger=4", "--print-debuginfo")
    assert "dense_resource<__elided__> : tensor<8x3xf32>" in text and "dialect_resources" not in text
    assert 'loc("' in text and "jax_models.py" in text


# ---- --check -------------------------------------------------------------------------------


@pytest.mark.parametrize("frontend, target", [("torch", f"{TORCH}:embedder"), ("jax", f"{JAX}:dense")],
                         ids=["torch", "jax"])
def test_check_passes_without_writing(capsys, tmp_path, frontend, target):
    out = tmp_path / "never.mlir"
    spec = "2,5:i64" if frontend == "torch" else "2,8"
    assert run(capsys, frontend, target, "--input-shape", spec, "--check", "-o", out) == "0 unsupported ops\n"
    assert not out.exists()


@pytest.mark.parametrize("frontend, target, report", [
    ("torch", f"{TORCH}:unsupported", r"2 unsupported ops: aten\._fft_r2c\.default x2 \(\S*torch_models\.py:\d+, "),
    ("jax", f"{JAX}:unsupported", r"4 unsupported ops: .*fft x2 \(\S*jax_models\.py:\d+"),
], ids=["torch", "jax"])
def test_check_reports_every_unsupported_op(capsys, tmp_path, frontend, target, report):
    out = tmp_path / "never.mlir"
    stdout, stderr = fail(capsys, frontend, target, "--input-shape", "4", "--check", "-o", out)
    assert re.match(report, stdout) and stdout.count("\n") == 1 and "error" not in stderr
    assert not out.exists()
    # without --check, the same report is the one diagnostic
    stdout, stderr = fail(capsys, frontend, target, "--input-shape", "4")
    assert stdout == "" and re.match(r"\S*_models\.py: error: " + report, stderr)


# ---- user errors: one diagnostic, exit code 1 --------------------------------------------

ERRORS = [
    (["torch", f"{INPUTS}/missing.py:f"], r"mlc-import: error: cannot read '\S*missing\.py': no such file"),
    (["torch", "no_colon"], r"mlc-import: error: expected FILE\.py:NAME, got 'no_colon'"),
    (["torch", f"{INPUTS}/syntax_error.py:f"],
     r"\S*syntax_error\.py:1: error: running '\S*' failed: SyntaxError: "),
    (["torch", f"{TORCH}:nope"], r"mlc-import: error: '\S*torch_models\.py' has no attribute 'nope' \(it defines: .*embedder"),
    (["torch", f"{TORCH}:broken"],
     r"\S*torch_models\.py:\d+: error: calling the factory failed: RuntimeError: the factory is broken"),
    (["torch", f"{TORCH}:bad_tuple"], r"\S*: error: the factory returned a tuple of 3; expected \(model, example_args\)"),
    (["torch", f"{TORCH}:not_a_model"], r"\S*: error: the factory returned int; expected a torch module or a function"),
    (["torch", f"{TORCH}:shape_mismatch", "--input-shape", "2,4"],
     r"mlc-import: error: torch\.export failed: RuntimeError: a and b must have same reduction dim"),
    (["torch", f"{TORCH}:embedder"], r"mlc-import: error: no example inputs: give --input-shape for each input"),
    (["torch", f"{TORCH}:embedder", "--input-shape", "2,x"],
     r"mlc-import: error: --input-shape '2,x': expected non-negative integers separated by commas"),
    (["torch", f"{TORCH}:embedder", "--input-shape", "2,-1"], r"mlc-import: error: --input-shape '2,-1': expected non-negative"),
    (["torch", f"{TORCH}:embedder", "--input-shape", "2:f64"],
     r"mlc-import: error: --input-shape '2:f64': unknown dtype 'f64' \(expected one of f32, f16, bf16, i1, i8, i32, i64\)"),
    (["jax", f"{JAX}:mismatch", "--input-shape", "2,8"],
     r"\S*jax_models\.py:\d+: error: tracing with jax failed: TypeError: dot_general requires contracting dimensions"),
    (["jax", f"{JAX}:factory_of_nothing"], r"\S*: error: the factory returned int; expected a function"),
    (["jax", f"{JAX}:not_callable"], r"\S*: error: '\S*:not_callable' is not a function"),
    (["jax", f"{JAX}:dense", "--input-shape", "2,8", "-o", "/nonexistent/dir/x.mlir"],
     r"mlc-import: error: cannot write '/nonexistent/dir/x\.mlir': No such file or directory"),
    (["jax", f"{JAX}:dense", "--params-as-args"], r"(?s)usage: .*mlc-import: error: unrecognized arguments: --params-as-args"),
    (["tensorflow", "x.py:f"], r"(?s)usage: .*mlc-import: error: argument frontend: invalid choice: 'tensorflow'"),
]


@pytest.mark.parametrize("argv, message", ERRORS, ids=[" ".join(a[:2])[-40:] + f"#{i}" for i, (a, _) in enumerate(ERRORS)])
def test_user_errors_are_one_diagnostic(capsys, argv, message):
    stdout, stderr = fail(capsys, *argv)
    assert stdout == ""
    assert re.match(message, stderr), stderr
    assert stderr.count("error:") == 1 and stderr.endswith("\n")
