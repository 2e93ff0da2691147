"""mlc_tensor shape ops: type inference of the builders and every verifier message."""


import pytest
from ir_helpers import arr, fails, raw, t, v
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    Signedness,
    StringAttr,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i32,
    i64,
)
from xdsl.ir import Operation
from xdsl.traits import Pure
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import (
    MLC_TENSOR,
    BroadcastToOp,
    ConcatOp,
    GatherOp,
    PadOp,
    ReshapeOp,
    ScatterAddOp,
    ScatterOp,
    SliceOp,
    TransposeOp,
)
from mlc.dialects.mlc_tensor.shape import OPS
from mlc.ir.context import parse_module


UI32 = IntegerType(32, Signedness.UNSIGNED)
PERM = {"perm": arr(1, 0)}
SLICE = {"start": arr(0, 0), "limit": arr(2, 3), "step": arr(1, 1)}
PAD = {"low": arr(1, 0), "high": arr(0, 1)}

def axis(n: int) -> IntegerAttr:
    """The `axis = n : i64` property."""
    return IntegerAttr(n, i64)


def slice_op(result, operand=(2, 3), **options) -> Operation:
    """A raw slice of tensor<2x3xf32> (by default): SLICE's options, `options` overriding."""
    props = {**SLICE, **{k: arr(*vals) for k, vals in options.items()}}
    return raw(SliceOp, [v(operand)], t(result), **props)


def test_every_op_is_pure_and_registered():
    for op in OPS:
        assert op.has_trait(Pure()), op.name
        assert op in list(MLC_TENSOR.operations)


# --- type inference -------------------------------------------------------------------

INFERENCE = [
    ("reshape", lambda: ReshapeOp(v([2, 3, 4]), [4, 6]), t([4, 6])),
    ("reshape -1", lambda: ReshapeOp(v([2, 3, 4], i1), [-1, 3, 1]), t([8, 3, 1], i1)),
    ("reshape to scalar", lambda: ReshapeOp(v([1, 1]), []), t([])),
    ("reshape -1 of scalar", lambda: ReshapeOp(v([]), [-1]), t([1])),
    ("transpose", lambda: TransposeOp(v([2, 3, 5], bf16), [2, 0, 1]), t([5, 2, 3], bf16)),
    ("permute negative", lambda: TransposeOp(v([2, 3, 5]), [0, -1, -2]), t([2, 5, 3])),
    ("broadcast_to", lambda: BroadcastToOp(v([3, 1], i8), [2, 3, 4]), t([2, 3, 4], i8)),
    ("broadcast scalar", lambda: BroadcastToOp(v([]), [2, 1]), t([2, 1])),
    ("expand keeps -1", lambda: BroadcastToOp.expand(v([3, 1]), [2, -1, 5]), t([2, 3, 5])),
    ("expand -1 on size 1", lambda: BroadcastToOp.expand(v([1, 4]), [-1, -1]), t([1, 4])),
    ("concat", lambda: ConcatOp([v([2, 3]), v([2, 1]), v([2, 4])], 1), t([2, 8])),
    ("concat negative axis", lambda: ConcatOp([v([2, 3], i8), v([5, 3], i8)], -2), t([7, 3], i8)),
    ("concat one", lambda: ConcatOp([v([4])], 0), t([4])),
    ("slice", lambda: SliceOp(v([5, 7]), [1, 0], [4, 7], [1, 3]), t([3, 3])),
    ("slice default step", lambda: SliceOp(v([5, 7]), [0, 2], [5, 3]), t([5, 1])),
    ("slice negative", lambda: SliceOp(v([10]), [-3], [-1]), t([2])),
    ("slice open ends", lambda: SliceOp(v([6, 4]), [None, 1], [None, None], [2, 1]), t([3, 3])),
    ("slice clamps", lambda: SliceOp(v([6]), [-100], [2**63 - 1]), t([6])),
    ("slice empty", lambda: SliceOp(v([6]), [4], [2]), t([0])),
    ("gather", lambda: GatherOp(v([4, 5, 6]), v([2, 3], i32), 1), t([4, 2, 3, 6])),
    ("gather scalar index", lambda: GatherOp(v([4, 5], f16), v([], i64), -1), t([4], f16)),
    ("embedding", lambda: GatherOp.embedding(v([10, 8]), v([2, 7], i64)), t([2, 7, 8])),
    ("pad", lambda: PadOp(v([2, 3]), [1, 0], [2, 4]), t([5, 7])),
    ("pad reflect", lambda: PadOp(v([3, 3], i1), [2, 0], [0, 1], mode="reflect"), t([5, 4], i1)),
]


@pytest.mark.parametrize("build, expected", [c[1:] for c in INFERENCE],
                         ids=[c[0] for c in INFERENCE])
def test_type_inference(build, expected):
    op = build()
    op.verify()
    assert op.result.type == expected


def test_builders_normalize_options():
    assert TransposeOp(v([2, 3, 5]), [0, -1, -2]).perm == arr(0, 2, 1)
    assert ConcatOp([v([2, 3]), v([2, 3])], -1).axis == axis(1)
    assert GatherOp(v([4, 5]), v([2], i32), -1).axis == axis(1)
    op = SliceOp(v([10, 4]), [-3, 9], [-1, 2], [2, 1])
    assert (op.start, op.limit, op.step) == (arr(7, 4), arr(9, 4), arr(2, 1))
    op = PadOp(v([2, 3], i32), [0, 1], [1, 0], value=-7)
    assert op.value == FloatAttr(-7.0, f64) and op.mode == StringAttr("constant")


# --- verifier messages ----------------------------------------------------------------

INVALID = [
    # shared checks of the one-operand ops
    ("non-tensor operand", lambda: ReshapeOp(create_ssa_value(i32), [1]),
     "mlc_tensor.reshape: expected operand to be a ranked tensor, got i32"),
    ("non-tensor operand of expand", lambda: BroadcastToOp.expand(create_ssa_value(f32), [-1]),
     "mlc_tensor.broadcast_to: expected operand to be a ranked tensor, got f32"),
    ("non-tensor in IR", lambda: raw(PadOp, [create_ssa_value(f32)], t([1]), **PAD),
     "mlc_tensor.pad: expected operand to be a ranked tensor, got f32"),
    ("non-tensor result", lambda: raw(TransposeOp, [v([2, 3])], f32, **PERM),
     "mlc_tensor.transpose: expected result to be a ranked tensor, got f32"),
    ("dynamic operand", lambda: raw(ReshapeOp, [v([DYNAMIC_INDEX, 3])], t([6])),
     "mlc_tensor.reshape: expected operand to have a static shape, got tensor<?x3xf32>"),
    ("unsupported element", lambda: raw(TransposeOp, [v([2, 3], f64)], t([3, 2], f64), **PERM),
     "mlc_tensor.transpose: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), "
     "got f64"),
    ("dynamic result", lambda: raw(BroadcastToOp, [v([3])], t([DYNAMIC_INDEX, 3])),
     "mlc_tensor.broadcast_to: expected result to have a static shape, got tensor<?x3xf32>"),
    ("result element", lambda: raw(SliceOp, [v([2, 3])], t([2, 3], i32), **SLICE),
     "mlc_tensor.slice: expected result element type f32, got i32"),
    # reshape
    ("reshape count", lambda: raw(ReshapeOp, [v([2, 3])], t([4, 2])),
     "mlc_tensor.reshape: expected result element count 6, got 8"),
    ("reshape two -1", lambda: ReshapeOp(v([2, 3]), [-1, -1]),
     "mlc_tensor.reshape: expected at most one -1 in shape, got [-1, -1]"),
    ("reshape -1 indivisible", lambda: ReshapeOp(v([2, 3]), [4, -1]),
     "mlc_tensor.reshape: expected the sizes besides -1 in [4, -1] to divide the element count 6, "
     "got their product 4"),
    ("reshape negative", lambda: ReshapeOp(v([2, 3]), [-2, -3]),
     "mlc_tensor.reshape: expected non-negative sizes, got [-2, -3]"),
    # transpose
    ("perm length", lambda: raw(TransposeOp, [v([2, 3])], t([2, 3]), perm=arr(0)),
     "mlc_tensor.transpose: expected perm of length 2 (the operand rank), got [0]"),
    ("perm range", lambda: raw(TransposeOp, [v([2, 3])], t([2, 3]), perm=arr(0, 2)),
     "mlc_tensor.transpose: expected perm entries in [0, 2), got [0, 2]"),
    ("perm negative in IR", lambda: raw(TransposeOp, [v([2, 3])], t([3, 2]), perm=arr(-1, 0)),
     "mlc_tensor.transpose: expected perm entries in [0, 2), got [-1, 0]"),
    ("perm duplicate", lambda: raw(TransposeOp, [v([2, 3, 4])], t([3, 3, 4]), perm=arr(1, 1, 2)),
     "mlc_tensor.transpose: expected perm to be a permutation of [0, 1, 2], got [1, 1, 2]"),
    ("transpose result", lambda: raw(TransposeOp, [v([2, 3])], t([2, 3]), **PERM),
     "mlc_tensor.transpose: expected result shape [3, 2], got [2, 3]"),
    ("permute builder range", lambda: TransposeOp(v([2, 3]), [0, -3]),
     "mlc_tensor.transpose: expected perm entries in [-2, 2), got -3"),
    ("permute builder length", lambda: TransposeOp(v([2, 3]), [0, 1, 2]),
     "mlc_tensor.transpose: expected perm of length 2 (the operand rank), got [0, 1, 2]"),
    # broadcast_to / expand
    ("broadcast rank", lambda: raw(BroadcastToOp, [v([2, 3])], t([3])),
     "mlc_tensor.broadcast_to: expected result rank >= operand rank 2, got 1"),
    ("broadcast incompatible", lambda: raw(BroadcastToOp, [v([3, 2])], t([5, 3, 4])),
     "mlc_tensor.broadcast_to: expected operand shape [3, 2] to broadcast to [5, 3, 4], "
     "got operand dimension 1 of size 2 against 4"),
    ("broadcast builder", lambda: BroadcastToOp(v([3]), [2, 4]),
     "mlc_tensor.broadcast_to: expected operand shape [3] to broadcast to [2, 4], "
     "got operand dimension 0 of size 3 against 4"),
    ("expand leading -1", lambda: BroadcastToOp.expand(v([3]), [-1, 3]),
     "mlc_tensor.broadcast_to: expected non-negative sizes, got [-1, 3]"),
    ("expand fewer sizes", lambda: BroadcastToOp.expand(v([2, 3]), [-1]),
     "mlc_tensor.broadcast_to: expected result rank >= operand rank 2, got 1"),
    # slice
    ("slice start length", lambda: slice_op([2, 3], start=[0]),
     "mlc_tensor.slice: expected start of length 2 (the operand rank), got [0]"),
    ("slice limit length", lambda: slice_op([2, 3], limit=[2, 3, 1]),
     "mlc_tensor.slice: expected limit of length 2 (the operand rank), got [2, 3, 1]"),
    ("slice step length", lambda: slice_op([2, 3], step=[]),
     "mlc_tensor.slice: expected step of length 2 (the operand rank), got []"),
    ("slice step", lambda: slice_op([2, 3], step=[1, 0]),
     "mlc_tensor.slice: expected step entries >= 1, got [1, 0]"),
    ("slice builder step", lambda: SliceOp(v([4]), [3], [0], [-1]),
     "mlc_tensor.slice: expected step entries >= 1, got [-1]"),
    ("slice limit bound", lambda: slice_op([2, 4], limit=[2, 4]),
     "mlc_tensor.slice: expected 0 <= start <= limit <= 3 in dimension 1, got start 0, limit 4"),
    ("slice start > limit", lambda: slice_op([0, 3], start=[2, 0], limit=[1, 3]),
     "mlc_tensor.slice: expected 0 <= start <= limit <= 2 in dimension 0, got start 2, limit 1"),
    ("slice negative start", lambda: slice_op([2, 3], start=[0, -1]),
     "mlc_tensor.slice: expected 0 <= start <= limit <= 3 in dimension 1, got start -1, limit 3"),
    ("slice result", lambda: slice_op([2, 2], (2, 5), limit=[2, 5], step=[1, 2]),
     "mlc_tensor.slice: expected result shape [2, 3], got [2, 2]"),
    # pad
    ("pad low length", lambda: raw(PadOp, [v([2, 3])], t([3, 4]), low=arr(1), high=arr(0, 1)),
     "mlc_tensor.pad: expected low of length 2 (the operand rank), got [1]"),
    ("pad high length", lambda: raw(PadOp, [v([2, 3])], t([3, 4]), **{**PAD, "high": arr(0, 1, 0)}),
     "mlc_tensor.pad: expected high of length 2 (the operand rank), got [0, 1, 0]"),
    ("pad negative", lambda: PadOp(v([2, 3]), [0, 0], [0, -1]),
     "mlc_tensor.pad: expected high entries >= 0, got [0, -1]"),
    ("pad result", lambda: raw(PadOp, [v([2, 3])], t([3, 3]), **PAD),
     "mlc_tensor.pad: expected result shape [3, 4], got [3, 3]"),
    ("pad mode", lambda: raw(PadOp, [v([2, 3])], t([3, 4]), **PAD, mode=StringAttr("wrap")),
     "mlc_tensor.pad: expected mode in [constant, reflect, replicate], got 'wrap'"),
    ("pad value outside constant", lambda: PadOp(v([2, 3]), [1, 0], [0, 1], 1.5, "replicate"),
     "mlc_tensor.pad: expected value 0.0 with mode 'replicate' (only mode 'constant' uses it), "
     "got 1.5"),
    ("pad reflect too wide", lambda: PadOp(v([2, 3]), [2, 0], [0, 1], mode="reflect"),
     "mlc_tensor.pad: expected reflect padding < 2 (the size of dimension 0), got low 2, high 0"),
    ("pad reflect size 1", lambda: PadOp(v([2, 1]), [0, 0], [0, 1], mode="reflect"),
     "mlc_tensor.pad: expected reflect padding < 1 (the size of dimension 1), got low 0, high 1"),
    ("pad replicate empty", lambda: PadOp(v([0, 3]), [1, 0], [0, 0], mode="replicate"),
     "mlc_tensor.pad: expected dimension 0 of size >= 1 to replicate, got size 0"),
    ("pad fraction for int", lambda: PadOp(v([2], i8), [1], [0], 1.5),
     "mlc_tensor.pad: expected value to be an integer in [-128, 127] for element type i8, got 1.5"),
    ("pad int range", lambda: PadOp(v([2], i8), [1], [0], 128),
     "mlc_tensor.pad: expected value to be an integer in [-128, 127] for element type i8, "
     "got 128.0"),
    ("pad bool", lambda: PadOp(v([2], i1), [1], [0], -1),
     "mlc_tensor.pad: expected value to be an integer in [0, 1] for element type i1, got -1.0"),
    # concat
    ("concat none", lambda: ConcatOp([], 0),
     "mlc_tensor.concat: expected at least one operand, got 0"),
    ("concat none in IR", lambda: raw(ConcatOp, [], t([2]), axis=axis(0)),
     "mlc_tensor.concat: expected at least one operand, got 0"),
    ("concat non-tensor", lambda: ConcatOp([v([2]), create_ssa_value(i8)], 0),
     "mlc_tensor.concat: expected operand #1 to be a ranked tensor, got i8"),
    ("concat element type", lambda: raw(ConcatOp, [v([2]), v([2], i32)], t([4]), axis=axis(0)),
     "mlc_tensor.concat: expected operand #1 element type f32, got i32"),
    ("concat rank", lambda: ConcatOp([v([2, 3]), v([2, 3, 1])], 0),
     "mlc_tensor.concat: expected operand #1 rank 2, got 3"),
    ("concat other dim", lambda: ConcatOp([v([2, 3]), v([2, 3]), v([3, 1])], 1),
     "mlc_tensor.concat: expected operand #2 dimension 0 of size 2 (as operand #0), got 3"),
    ("concat axis", lambda: raw(ConcatOp, [v([2]), v([3])], t([5]), axis=axis(1)),
     "mlc_tensor.concat: expected axis in [0, 1), got 1"),
    ("concat negative axis in IR", lambda: raw(ConcatOp, [v([2]), v([3])], t([5]), axis=axis(-1)),
     "mlc_tensor.concat: expected axis in [0, 1), got -1"),
    ("concat builder axis", lambda: ConcatOp([v([2, 3])], 2),
     "mlc_tensor.concat: expected axis in [-2, 2), got 2"),
    ("concat scalars", lambda: raw(ConcatOp, [v([]), v([])], t([2]), axis=axis(0)),
     "mlc_tensor.concat: expected an operand of rank >= 1, got rank 0"),
    ("concat result", lambda: raw(ConcatOp, [v([2]), v([3])], t([5], i32), axis=axis(0)),
     "mlc_tensor.concat: expected result type tensor<5xf32>, got tensor<5xi32>"),
    # gather
    ("gather non-tensor indices", lambda: GatherOp(v([4, 3]), create_ssa_value(i32), 0),
     "mlc_tensor.gather: expected indices to be a ranked tensor, got i32"),
    ("gather non-tensor result", lambda: raw(GatherOp, [v([4]), v([], i32)], f32, axis=axis(0)),
     "mlc_tensor.gather: expected result type tensor<f32>, got f32"),
    ("gather float indices", lambda: GatherOp(v([4, 3]), v([2], f32), 0),
     "mlc_tensor.gather: expected indices element type i32 or i64, got f32"),
    ("gather i8 indices", lambda: GatherOp(v([4, 3]), v([2], i8), 0),
     "mlc_tensor.gather: expected indices element type i32 or i64, got i8"),
    ("gather unsigned indices", lambda: GatherOp(v([4, 3]), v([2], UI32), 0),
     "mlc_tensor.gather: expected indices element type i32 or i64, got ui32"),
    ("gather dynamic indices", lambda: GatherOp(v([4, 3]), v([DYNAMIC_INDEX], i32), 0),
     "mlc_tensor.gather: expected indices to have a static shape, got tensor<?xi32>"),
    ("gather axis", lambda: raw(GatherOp, [v([4, 3]), v([2], i32)], t([4, 2]), axis=axis(2)),
     "mlc_tensor.gather: expected axis in [0, 2), got 2"),
    ("gather scalar operand", lambda: raw(GatherOp, [v([]), v([2], i32)], t([2]), axis=axis(0)),
     "mlc_tensor.gather: expected an operand of rank >= 1, got rank 0"),
    ("gather empty axis", lambda: GatherOp(v([0, 3]), v([2], i32), 0),
     "mlc_tensor.gather: expected a non-empty dimension 0 to gather from, got size 0"),
    ("gather result", lambda: raw(GatherOp, [v([4, 3]), v([2], i32)], t([2, 3]), axis=axis(1)),
     "mlc_tensor.gather: expected result type tensor<4x2xf32>, got tensor<2x3xf32>"),
]


@pytest.mark.parametrize("build, message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_verifier_messages(build, message):
    fails(build, message)


def test_gather_from_empty_axis_with_no_indices_is_valid():
    GatherOp(v([0, 3]), v([0], i32), 0).verify()


PARSED = """
func.func @f(%x: tensor<2x3xf32>) {
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 1>, mode = "constant"}
      : tensor<2x3xf32> -> tensor<3x4xf32>
  %1 = mlc_tensor.transpose %x {perm = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<2x2xf32>
  func.return
}"""


def test_parsed_ops_print_defaults_elided_and_verify():
    """Default pad options are not printed; a parsed malformed op fails with the same message."""
    module = parse_module(PARSED)
    pad, transpose = list(module.walk())[2:4]
    pad.verify()
    assert "mode" not in str(pad) and "value" not in str(pad)
    fails(
        transpose, "mlc_tensor.transpose: expected perm to be a permutation of [0, 1], got [0, 0]"
    )


# ---- scatter, scatter_add ---------------------------------------------------------------------


def test_scatter_keeps_the_operand_type_and_normalizes_axis():
    for cls in (ScatterOp, ScatterAddOp):
        op = cls(v([4, 3], bf16), v([2, 3], i32), v([2, 3], bf16), -2)
        op.verify()
        assert op.result.type == t([4, 3], bf16) and op.axis == axis(0)
    # Indices may be smaller than the operand off the axis (torch scatter), and i1 is data.
    ScatterOp(v([4, 3], i1), v([6, 1], i64), v([6, 1], i1), 0).verify()
    # Nothing to write into an empty axis is fine.
    ScatterOp(v([0, 3]), v([0, 3], i64), v([0, 3]), 0).verify()


def scatter(cls, x=(4, 3), indices=(2, 3), updates=(2, 3), result=(4, 3), n=0, index_type=i64,
            element=f32, update_element=None):  # fmt: skip
    """A raw scatter op: operand, indices, updates and result types from shapes and elements."""
    operands = [v(x, element), v(indices, index_type), v(updates, update_element or element)]
    return raw(cls, operands, t(result, element), axis=axis(n))


SCATTER_INVALID = [
    (lambda: scatter(ScatterOp, index_type=f32), "mlc_tensor.scatter: expected indices element type i32 or i64, got f32"),
    (lambda: scatter(ScatterOp, update_element=f16), "mlc_tensor.scatter: expected updates element type f32, got f16"),
    (lambda: scatter(ScatterOp, indices=(2,), updates=(2,)), "mlc_tensor.scatter: expected indices rank 2, got 1"),
    (lambda: scatter(ScatterAddOp, updates=(3, 2)), "mlc_tensor.scatter_add: expected updates shape [2, 3], got [3, 2]"),
    (lambda: scatter(ScatterOp, indices=(2, 4), updates=(2, 4)),
     "mlc_tensor.scatter: expected indices dimension 1 of size <= 3 (the operand's), got 4"),
    (lambda: scatter(ScatterAddOp, x=(4,), indices=(2,), updates=(2,), result=(4,), element=i1),
     "mlc_tensor.scatter_add: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1"),
    (lambda: scatter(ScatterOp, n=2), "mlc_tensor.scatter: expected axis in [0, 2), got 2"),
    (lambda: scatter(ScatterOp, x=(0, 3), indices=(1, 3), updates=(1, 3), result=(0, 3)),
     "mlc_tensor.scatter: expected a non-empty dimension 0 to scatter into, got size 0"),
    (lambda: scatter(ScatterOp, result=(3, 4)), "mlc_tensor.scatter: expected result type tensor<4x3xf32>, got tensor<3x4xf32>"),
    (lambda: scatter(ScatterOp, element=f64), "mlc_tensor.scatter: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64"),
    (lambda: raw(ScatterOp, [v([4]), create_ssa_value(i64), v([1])], t([4]), axis=axis(0)),
     "mlc_tensor.scatter: expected indices to be a ranked tensor, got i64"),
    (lambda: ScatterOp(v([4]), v([1], i64), v([1]), 1), "mlc_tensor.scatter: expected axis in [-1, 1), got 1"),
]  # fmt: skip


@pytest.mark.parametrize("build, message", SCATTER_INVALID, ids=[m for _, m in SCATTER_INVALID])
def test_scatter_verifier_messages(build, message):
    fails(build, message)
