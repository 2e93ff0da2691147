"""The interpreter's arith, math, scf and func semantics on numpy scalars and arrays.

References are computed independently: Python integers with explicit two's complement
wrapping, the `math` module element by element, or float64 numpy rounded once.
"""

import io
import math

import ml_dtypes
import numpy as np
import pytest
from xdsl.context import Context
from xdsl.dialects import arith, func
from xdsl.dialects.arith import Arith
from xdsl.dialects.builtin import Builtin, IndexType, IntegerType, ModuleOp, f16, f32
from xdsl.dialects.func import Func
from xdsl.dialects.math import Math
from xdsl.dialects.scf import Scf
from xdsl.printer import Printer
from xdsl.utils.exceptions import InterpretationError

from mlc.ir.parser import MlcParser
from mlc.ir.resources import make_resource
from mlc.runtime.interpreter import run_function
from mlc.runtime.interpreter.upstream import element_dtype


def parse(text: str) -> ModuleOp:
    """Parse and verify a module of upstream ops."""
    ctx = Context()
    for dialect in (Builtin, Func, Arith, Math, Scf):
        ctx.load_dialect(dialect)
    module = MlcParser(ctx, text).parse_module()
    module.verify()
    return module


def run_op(op_text: str, arg_types: list[str], result_type: str, *inputs):
    """Run one op `%r = <op_text>` over arguments %a, %b, %c and return %r."""
    names = ["%a", "%b", "%c"][: len(arg_types)]
    args = ", ".join(f"{n}: {t}" for n, t in zip(names, arg_types))
    module = parse(
        f"func.func @main({args}) -> {result_type} {{\n"
        f"  %r = {op_text}\n"
        f"  func.return %r : {result_type}\n}}"
    )
    (result,) = run_function(module, list(inputs))
    return result


def wrap(value: int, bits: int) -> int:
    """Two's complement wrap of a Python int to `bits` bits."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def unsigned(value: int, bits: int) -> int:
    """The unsigned reading of a `bits`-bit two's complement value."""
    return value & ((1 << bits) - 1)


def trunc_div(a: int, b: int) -> int:
    """Division rounding toward zero."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


# --- float binary -------------------------------------------------------------------

FLOAT_BINARY = {
    "addf": lambda a, b: a + b,
    "subf": lambda a, b: a - b,
    "mulf": lambda a, b: a * b,
    "divf": lambda a, b: a / b,
    "maximumf": max,
    "minimumf": min,
    "maxnumf": max,
    "minnumf": min,
}


@pytest.mark.parametrize("name", FLOAT_BINARY)
@pytest.mark.parametrize("elem", ["f32", "f16", "bf16"])
def test_float_binary_on_tensors(name, elem):
    dtype = {"f32": np.float32, "f16": np.float16, "bf16": ml_dtypes.bfloat16}[elem]
    rng = np.random.default_rng(0)
    a = rng.standard_normal((2, 3)).astype(dtype)
    b = (rng.standard_normal((2, 3)) + 3).astype(dtype)
    typ = f"tensor<2x3x{elem}>"
    result = run_op(f"arith.{name} %a, %b : {typ}", [typ, typ], typ, a, b)
    # Computed exactly in f64, rounded once to the element type.
    expected = np.array(
        [FLOAT_BINARY[name](float(x), float(y)) for x, y in zip(a.flat, b.flat)]
    ).astype(dtype).reshape(2, 3)
    assert result.dtype == dtype and result.shape == (2, 3)
    np.testing.assert_array_equal(result.astype(np.float64), expected.astype(np.float64))


@pytest.mark.parametrize("name", FLOAT_BINARY)
def test_float_binary_on_scalars(name):
    result = run_op(f"arith.{name} %a, %b : f32", ["f32", "f32"], "f32", np.float32(1.5), np.float32(-4))
    assert result.dtype == np.float32 and result.shape == ()
    assert float(result) == FLOAT_BINARY[name](1.5, -4.0)


@pytest.mark.parametrize(
    "name,a,b,expected",
    [
        ("maximumf", -0.0, 0.0, "+0"),
        ("maximumf", 0.0, -0.0, "+0"),
        ("minimumf", 0.0, -0.0, "-0"),
        ("minimumf", -0.0, 0.0, "-0"),
        ("maximumf", math.nan, 1.0, "nan"),
        ("minimumf", 1.0, math.nan, "nan"),
        ("maxnumf", math.nan, 1.0, 1.0),
        ("minnumf", 2.0, math.nan, 2.0),
    ],
)
def test_float_min_max_signed_zero_and_nan(name, a, b, expected):
    t = "tensor<1xf32>"
    result = run_op(f"arith.{name} %a, %b : {t}", [t, t], t, np.float32([a]), np.float32([b]))[0]
    if expected == "nan":
        assert math.isnan(result)
    elif isinstance(expected, str):
        assert result == 0 and math.copysign(1, result) == (1 if expected == "+0" else -1)
    else:
        assert result == expected


def test_negf_and_divf_by_zero():
    t = "tensor<3xf32>"
    x = np.float32([1.0, -0.0, 2.5])
    np.testing.assert_array_equal(run_op(f"arith.negf %a : {t}", [t], t, x), [-1.0, 0.0, -2.5])
    result = run_op(f"arith.divf %a, %b : {t}", [t, t], t, x, np.float32([0, 0, 0]))
    assert result[0] == math.inf and math.isnan(result[1]) and result[2] == math.inf


# --- integer binary -----------------------------------------------------------------

INT_BINARY = {
    "addi": lambda a, b, n: wrap(a + b, n),
    "subi": lambda a, b, n: wrap(a - b, n),
    "muli": lambda a, b, n: wrap(a * b, n),
    "divsi": lambda a, b, n: wrap(trunc_div(a, b), n),
    "divui": lambda a, b, n: wrap(unsigned(a, n) // unsigned(b, n), n),
    "floordivsi": lambda a, b, n: wrap(a // b, n),
    "ceildivsi": lambda a, b, n: wrap(-(-a // b), n),
    "ceildivui": lambda a, b, n: wrap(-(-unsigned(a, n) // unsigned(b, n)), n),
    "remsi": lambda a, b, n: wrap(a - trunc_div(a, b) * b, n),
    "remui": lambda a, b, n: wrap(unsigned(a, n) % unsigned(b, n), n),
    "minsi": lambda a, b, n: min(a, b),
    "maxsi": lambda a, b, n: max(a, b),
    "minui": lambda a, b, n: wrap(min(unsigned(a, n), unsigned(b, n)), n),
    "maxui": lambda a, b, n: wrap(max(unsigned(a, n), unsigned(b, n)), n),
    "andi": lambda a, b, n: wrap(a & b, n),
    "ori": lambda a, b, n: wrap(a | b, n),
    "xori": lambda a, b, n: wrap(a ^ b, n),
}
INT_PAIRS = [(7, 2), (-7, 2), (7, -2), (-7, -2), (127, 1), (-128, -1), (100, 100), (-1, 3), (6, 3)]


@pytest.mark.parametrize("name", INT_BINARY)
@pytest.mark.parametrize("elem,dtype", [("i8", np.int8), ("i32", np.int32), ("i64", np.int64)])
def test_int_binary_wraps_like_twos_complement(name, elem, dtype):
    bits = np.dtype(dtype).itemsize * 8
    a = np.array([p[0] for p in INT_PAIRS], dtype=dtype)
    b = np.array([p[1] for p in INT_PAIRS], dtype=dtype)
    t = f"tensor<{len(INT_PAIRS)}x{elem}>"
    result = run_op(f"arith.{name} %a, %b : {t}", [t, t], t, a, b)
    expected = [INT_BINARY[name](int(x), int(y), bits) for x, y in zip(a, b)]
    assert result.dtype == dtype
    assert result.tolist() == expected


@pytest.mark.parametrize("name", INT_BINARY)
def test_int_binary_on_scalars(name):
    result = run_op(f"arith.{name} %a, %b : i32", ["i32", "i32"], "i32", np.int32(-9), np.int32(4))
    assert result.dtype == np.int32 and result.shape == ()
    assert int(result) == INT_BINARY[name](-9, 4, 32)


def test_i1_arithmetic_is_modulo_two():
    t = "tensor<4xi1>"
    a, b = np.array([0, 0, 1, 1], bool), np.array([0, 1, 0, 1], bool)
    assert run_op(f"arith.addi %a, %b : {t}", [t, t], t, a, b).tolist() == [0, 1, 1, 0]
    assert run_op(f"arith.muli %a, %b : {t}", [t, t], t, a, b).tolist() == [0, 0, 0, 1]
    assert run_op(f"arith.xori %a, %b : {t}", [t, t], t, a, b).dtype == np.bool_


@pytest.mark.parametrize(
    "name,a,b,expected",
    [
        ("shli", 3, 4, 48),
        ("shli", 1, 7, -128),
        ("shrsi", -64, 2, -16),
        ("shrui", -64, 2, 48),
    ],
)
def test_shifts_on_i8(name, a, b, expected):
    assert run_op(f"arith.{name} %a, %b : i8", ["i8", "i8"], "i8", np.int8(a), np.int8(b)) == expected


@pytest.mark.parametrize("name", ["divsi", "divui", "remsi", "remui", "floordivsi", "ceildivsi"])
def test_integer_division_by_zero_is_an_error(name):
    t = "tensor<2xi32>"
    with pytest.raises(InterpretationError, match=f"arith.{name}: division by zero"):
        run_op(f"arith.{name} %a, %b : {t}", [t, t], t, np.int32([4, 4]), np.int32([1, 0]))


# --- compare and select ---------------------------------------------------------------

CMPI = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "slt": lambda a, b: a < b,
    "sle": lambda a, b: a <= b,
    "sgt": lambda a, b: a > b,
    "sge": lambda a, b: a >= b,
    "ult": lambda a, b: unsigned(a, 8) < unsigned(b, 8),
    "ule": lambda a, b: unsigned(a, 8) <= unsigned(b, 8),
    "ugt": lambda a, b: unsigned(a, 8) > unsigned(b, 8),
    "uge": lambda a, b: unsigned(a, 8) >= unsigned(b, 8),
}


def run_pairs(op_text: str, typ: str, result_type: str, pairs) -> list:
    """Run `%r = <op_text>` (over %a, %b of scalar type `typ`) once per pair of inputs."""
    module = parse(
        f"func.func @main(%a: {typ}, %b: {typ}) -> {result_type} {{\n"
        f"  %r = {op_text}\n  func.return %r : {result_type}\n}}"
    )
    return [run_function(module, [a, b])[0] for a, b in pairs]


# xDSL 0.74's arith.cmpi/cmpf only accept scalars, so compares are tested on scalars.
@pytest.mark.parametrize("predicate", CMPI)
def test_cmpi(predicate):
    pairs = [(np.int8(a), np.int8(b)) for a, b in [(-1, 1), (0, 0), (5, 3), (5, 7), (-128, 127)]]
    results = run_pairs(f"arith.cmpi {predicate}, %a, %b : i8", "i8", "i1", pairs)
    assert all(r.dtype == np.bool_ for r in results)
    assert [bool(r) for r in results] == [CMPI[predicate](int(a), int(b)) for a, b in pairs]


CMPF = {
    "false": lambda a, b: False,
    "oeq": lambda a, b: a == b,
    "ogt": lambda a, b: a > b,
    "oge": lambda a, b: a >= b,
    "olt": lambda a, b: a < b,
    "ole": lambda a, b: a <= b,
    "one": lambda a, b: not (math.isnan(a) or math.isnan(b)) and a != b,
    "ord": lambda a, b: not (math.isnan(a) or math.isnan(b)),
    "ueq": lambda a, b: math.isnan(a) or math.isnan(b) or a == b,
    "ugt": lambda a, b: math.isnan(a) or math.isnan(b) or a > b,
    "uge": lambda a, b: math.isnan(a) or math.isnan(b) or a >= b,
    "ult": lambda a, b: math.isnan(a) or math.isnan(b) or a < b,
    "ule": lambda a, b: math.isnan(a) or math.isnan(b) or a <= b,
    "une": lambda a, b: a != b,
    "uno": lambda a, b: math.isnan(a) or math.isnan(b),
    "true": lambda a, b: True,
}


@pytest.mark.parametrize("predicate", CMPF)
def test_cmpf_with_nans(predicate):
    pairs = [(np.float32(a), np.float32(b))
             for a, b in [(1, 2), (2, 2), (3, 1), (math.nan, 1), (math.nan, math.nan), (0.0, -0.0)]]
    results = run_pairs(f"arith.cmpf {predicate}, %a, %b : f32", "f32", "i1", pairs)
    assert [bool(r) for r in results] == [CMPF[predicate](float(a), float(b)) for a, b in pairs]


def test_cmpf_on_scalars_gives_numpy_bool():
    result = run_op("arith.cmpf olt, %a, %b : f32", ["f32", "f32"], "i1", np.float32(1), np.float32(2))
    assert result.dtype == np.bool_ and bool(result)


def test_select_with_scalar_condition_picks_whole_tensor():
    t = "tensor<2xf32>"
    x, y = np.float32([1, 2]), np.float32([3, 4])
    for cond in (True, False):
        result = run_op(f"arith.select %c, %a, %b : {t}", [t, t, "i1"], t, x, y, np.bool_(cond))
        np.testing.assert_array_equal(result, x if cond else y)


# --- casts --------------------------------------------------------------------------

@pytest.mark.parametrize(
    "op,src,dst,value,expected,dtype",
    [
        ("sitofp", "i1", "f32", True, -1.0, np.float32),
        ("uitofp", "i8", "f32", -1, 255.0, np.float32),
        ("sitofp", "i32", "bf16", 257, 256.0, ml_dtypes.bfloat16),
        ("extsi", "i8", "i32", -3, -3, np.int32),
        ("extui", "i8", "i32", -3, 253, np.int32),
        ("extui", "i1", "i32", True, 1, np.int32),
        ("extsi", "i1", "i64", True, -1, np.int64),
        ("trunci", "i32", "i8", 300, 44, np.int8),
        ("trunci", "i32", "i1", 3, True, np.bool_),
        ("index_cast", "index", "i8", 511, -1, np.int8),
        ("index_cast", "i32", "index", -5, -5, np.int64),
        ("fptosi", "f32", "i32", -2.7, -2, np.int32),
        ("fptosi", "f32", "i8", 2.9, 2, np.int8),
        ("fptoui", "f32", "i8", 200.5, -56, np.int8),
        ("extf", "f16", "f32", 1.5, 1.5, np.float32),
        ("truncf", "f32", "f16", 1.0 + 2**-12, 1.0, np.float16),
        ("truncf", "f32", "bf16", 1.0 + 3 * 2**-9, 1.0 + 2**-7, ml_dtypes.bfloat16),
        ("bitcast", "f32", "i32", 1.0, 0x3F800000, np.int32),
        ("bitcast", "i16", "f16", 0x3C00, 1.0, np.float16),
    ],
)
def test_casts_on_scalars(op, src, dst, value, expected, dtype):
    src_types = {"i1": IntegerType(1), "i8": IntegerType(8), "i16": IntegerType(16),
                 "i32": IntegerType(32), "index": IndexType(), "f32": f32, "f16": f16}
    arg = np.asarray(value).astype(element_dtype(src_types[src]))[()]
    result = run_op(f"arith.{op} %a : {src} to {dst}", [src], dst, arg)
    assert result.dtype == dtype and result.shape == ()
    assert result == expected


def test_float_casts_on_tensors_keep_shape():
    t_in, t_out = "tensor<2x2xf32>", "tensor<2x2xf16>"
    x = np.float32([[1, -2], [3, 2049]])
    result = run_op(f"arith.truncf %a : {t_in} to {t_out}", [t_in], t_out, x)
    assert result.dtype == np.float16 and result.shape == (2, 2)
    assert result.tolist() == [[1.0, -2.0], [3.0, 2048.0]]


# --- constants ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "text,typ,expected,dtype",
    [
        ("42 : i32", "i32", 42, np.int32),
        ("-1 : i8", "i8", -1, np.int8),
        ("7 : index", "index", 7, np.int64),
        ("true", "i1", True, np.bool_),
        ("2.5 : f32", "f32", 2.5, np.float32),
        ("0.1 : bf16", "bf16", float(ml_dtypes.bfloat16(0.1)), ml_dtypes.bfloat16),
        ("dense<1.5> : tensor<2x3xf32>", "tensor<2x3xf32>", np.full((2, 3), 1.5), np.float32),
        ("dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>", "tensor<2x2xi8>", [[1, -2], [3, 4]], np.int8),
        ("dense<[true, false, true]> : tensor<3xi1>", "tensor<3xi1>", [True, False, True], np.bool_),
        ("dense<[1.0, -2.0]> : tensor<2xbf16>", "tensor<2xbf16>", [1.0, -2.0], ml_dtypes.bfloat16),
        ("dense<[7, 8]> : tensor<2xi64>", "tensor<2xi64>", [7, 8], np.int64),
    ],
)
def test_constants(text, typ, expected, dtype):
    module = parse(
        f"func.func @main() -> {typ} {{\n  %r = arith.constant {text}\n  func.return %r : {typ}\n}}"
    )
    (result,) = run_function(module)
    assert result.dtype == dtype
    np.testing.assert_array_equal(result.astype(np.float64), np.asarray(expected, dtype=np.float64))


def test_dense_resource_constant_printed_and_parsed_back():
    weights = np.arange(6, dtype=np.float32).reshape(2, 3) / 7
    attr = make_resource(weights, "w")
    function = func.FuncOp("main", ((), (attr.type,)))
    constant = arith.ConstantOp(attr, attr.type)
    function.body.block.add_ops([constant, func.ReturnOp(constant)])
    module = ModuleOp([function])
    stream = io.StringIO()
    printer = Printer(stream)
    printer.print_op(module)
    printer.print_metadata([Builtin])
    for m in (module, parse(stream.getvalue()), parse(stream.getvalue())):
        (result,) = run_function(m)
        np.testing.assert_array_equal(result, weights)


# --- math ---------------------------------------------------------------------------

MATH_UNARY = {
    "absf": abs, "acos": math.acos, "asin": math.asin, "atan": math.atan,
    "atanh": math.atanh, "asinh": math.asinh, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "ceil": math.ceil, "cos": math.cos, "cosh": math.cosh, "erf": math.erf, "exp": math.exp,
    "exp2": lambda x: 2.0**x, "expm1": math.expm1, "floor": math.floor,
    "log1p": math.log1p, "sin": math.sin, "sinh": math.sinh, "tan": math.tan, "tanh": math.tanh,
    "trunc": math.trunc, "roundeven": round,
    "round": lambda x: math.copysign(math.floor(abs(x) + 0.5), x),
}
POSITIVE_UNARY = {"log": math.log, "log2": math.log2, "log10": math.log10, "sqrt": math.sqrt,
                  "rsqrt": lambda x: 1 / math.sqrt(x), "acosh": math.acosh}
SAMPLES = [-0.9, -0.5, -0.25, 0.0, 0.3, 0.5, 0.75, 0.9]
POSITIVE_SAMPLES = [1.0, 1.5, 2.5, 3.0, 10.0, 100.0]


@pytest.mark.parametrize("name", [*MATH_UNARY, *POSITIVE_UNARY])
@pytest.mark.parametrize("elem,dtype,tol", [("f32", np.float32, 1e-6), ("f16", np.float16, 1e-3)])
def test_math_unary(name, elem, dtype, tol):
    reference = {**MATH_UNARY, **POSITIVE_UNARY}[name]
    samples = POSITIVE_SAMPLES if name in POSITIVE_UNARY else SAMPLES
    x = np.array(samples, dtype=dtype)
    t = f"tensor<{len(samples)}x{elem}>"
    result = run_op(f"math.{name} %a : {t}", [t], t, x)
    assert result.dtype == dtype
    expected = [float(dtype(reference(float(v)))) for v in x]
    np.testing.assert_allclose(result.astype(np.float64), expected, rtol=tol, atol=tol)


def test_round_and_roundeven_halfway_cases():
    t = "tensor<4xf32>"
    x = np.float32([0.5, 1.5, 2.5, -2.5])
    assert run_op(f"math.round %a : {t}", [t], t, x).tolist() == [1.0, 2.0, 3.0, -3.0]
    assert run_op(f"math.roundeven %a : {t}", [t], t, x).tolist() == [0.0, 2.0, 2.0, -2.0]


@pytest.mark.parametrize(
    "name,fn",
    [("atan2", math.atan2), ("copysign", math.copysign), ("powf", math.pow)],
)
def test_math_binary_float(name, fn):
    t = "tensor<3xf32>"
    a, b = np.float32([1.5, 2.0, 0.5]), np.float32([2.0, -1.0, 3.0])
    result = run_op(f"math.{name} %a, %b : {t}", [t, t], t, a, b)
    np.testing.assert_allclose(result, [fn(float(x), float(y)) for x, y in zip(a, b)], rtol=1e-6)


def test_fpowi_fma_ipowi():
    assert run_op("math.fpowi %a, %b : f32, i32", ["f32", "i32"], "f32", np.float32(2), np.int32(-2)) == 0.25
    assert run_op("math.fma %a, %b, %c : f32", ["f32", "f32", "f32"], "f32",
                  np.float32(2), np.float32(3), np.float32(1)) == 7.0
    t = "tensor<5xi8>"
    base, exponent = np.int8([3, 2, -1, 5, 1]), np.int8([2, 7, -3, -1, -4])
    result = run_op(f"math.ipowi %a, %b : {t}", [t, t], t, base, exponent)
    assert result.tolist() == [9, wrap(2**7, 8), -1, 0, 1]


@pytest.mark.parametrize(
    "name,fn",
    [
        ("ctpop", lambda v, n: bin(unsigned(v, n)).count("1")),
        ("ctlz", lambda v, n: n - unsigned(v, n).bit_length()),
        ("cttz", lambda v, n: n if v == 0 else (unsigned(v, n) & -unsigned(v, n)).bit_length() - 1),
        ("absi", lambda v, n: wrap(abs(v), n)),
    ],
)
@pytest.mark.parametrize("elem,dtype", [("i8", np.int8), ("i32", np.int32), ("i64", np.int64)])
def test_math_integer_ops(name, fn, elem, dtype):
    bits = np.dtype(dtype).itemsize * 8
    values = [0, 1, -1, 12, -128, 127, 96]
    t = f"tensor<{len(values)}x{elem}>"
    result = run_op(f"math.{name} %a : {t}", [t], t, np.array(values, dtype=dtype))
    assert result.dtype == dtype
    assert result.tolist() == [fn(v, bits) for v in values]


# --- scf and func -------------------------------------------------------------------

def test_scf_for_with_iter_args_on_scalars_and_tensors():
    module = parse("""
func.func @main(%x: tensor<3xf32>) -> (i32, tensor<3xf32>) {
  %lo = arith.constant 1 : index
  %hi = arith.constant 6 : index
  %step = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %sum, %acc = scf.for %i = %lo to %hi step %step iter_args(%s = %zero, %t = %x) -> (i32, tensor<3xf32>) {
    %ii = arith.index_cast %i : index to i32
    %s2 = arith.addi %s, %ii : i32
    %t2 = arith.addf %t, %t : tensor<3xf32>
    scf.yield %s2, %t2 : i32, tensor<3xf32>
  }
  func.return %sum, %acc : i32, tensor<3xf32>
}""")
    total, doubled = run_function(module, [np.float32([1, 2, 3])])
    assert total.dtype == np.int32 and total == 1 + 3 + 5
    np.testing.assert_array_equal(doubled, np.float32([8, 16, 24]))


def test_scf_for_induction_variable_has_the_loop_type():
    module = parse("""
func.func @main() -> i8 {
  %lo = arith.constant 120 : i8
  %hi = arith.constant 127 : i8
  %step = arith.constant 3 : i8
  %zero = arith.constant 0 : i8
  %r = scf.for %i = %lo to %hi step %step iter_args(%s = %zero) -> (i8) : i8 {
    %s2 = arith.addi %s, %i : i8
    scf.yield %s2 : i8
  }
  func.return %r : i8
}""")
    (result,) = run_function(module)
    assert result.dtype == np.int8 and result == wrap(120 + 123 + 126, 8)


def test_scf_if_and_func_call():
    module = parse("""
func.func @twice(%v: f32) -> f32 {
  %r = arith.addf %v, %v : f32
  func.return %r : f32
}
func.func @main(%c: i1, %v: f32) -> f32 {
  %r = scf.if %c -> (f32) {
    %d = func.call @twice(%v) : (f32) -> f32
    scf.yield %d : f32
  } else {
    %n = arith.negf %v : f32
    scf.yield %n : f32
  }
  func.return %r : f32
}""")
    assert run_function(module, [np.bool_(True), np.float32(1.5)])[0] == 3.0
    assert run_function(module, [np.bool_(False), np.float32(1.5)])[0] == -1.5


def test_scf_while():
    module = parse("""
func.func @main(%n: i32) -> i32 {
  %one = arith.constant 1 : i32
  %r = scf.while (%i = %one) : (i32) -> i32 {
    %c = arith.cmpi slt, %i, %n : i32
    scf.condition(%c) %i : i32
  } do {
  ^bb0(%j: i32):
    %k = arith.addi %j, %j : i32
    scf.yield %k : i32
  }
  func.return %r : i32
}""")
    assert run_function(module, [np.int32(100)])[0] == 128
