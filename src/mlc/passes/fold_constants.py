"""fold-constants: ops whose operands are all constants become constants, computed by the interpreter.

Each mlc_tensor or arith op with constant operands (mlc_tensor.constant, arith.constant),
no regions and no side effects is run on the numpy reference interpreter, the definition of
what it means, and replaced by constants of its results: mlc_tensor.constant (small or
splat values inline, others as dense_resource blobs) or, for scalar arith results,
arith.constant. Nothing is folded whose results have more than `max-elements` elements, so
a fold never blows up the module, except transpose, reshape and slice of a constant they are
the only user of: that fold replaces the constant by one no larger (a transposed weight is
folded whatever its size, rather than transposed at run time); ops without operands (iota) stay, being smaller than
their values; an op the interpreter rejects (integer division by zero) stays as it is.
Ops inside `mlc_tensor.fused` bodies fold too, their constants staying in the body, which
keeps it isolated from above. The new constants carry the folded op's location, and
operand constants left without uses are erased.
"""

import math
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    FloatAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    TensorType,
)
from xdsl.interpreter import Interpreter
from xdsl.ir import Attribute, Operation
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter
from xdsl.traits import ConstantLike, is_side_effect_free
from xdsl.utils.exceptions import InterpretationError, PassFailedException

from mlc.dialects.mlc_tensor import ConstantOp, ReshapeOp, SliceOp, TransposeOp
from mlc.dialects.mlc_tensor.constant import DEFAULT_INLINE_LIMIT
from mlc.passes.canonicalization.mlc_tensor import splat_value
from mlc.runtime.interpreter import build_interpreter

FOLDED_DIALECTS = ("mlc_tensor", "arith")
SCALAR_FLOATS = (Float16Type, BFloat16Type, Float32Type, Float64Type)
CONSTANT_OPS = (ConstantOp, arith.ConstantOp)
# Results hold at most the elements of the operand, so folding them cannot grow the module.
NON_GROWING_OPS = (TransposeOp, ReshapeOp, SliceOp)


def result_fits(op: Operation, typ: Attribute, max_elements: float) -> bool:
    """Whether a result of `op` of type `typ` can become a constant: an mlc_tensor tensor of at
    most `max_elements` elements, or an arith scalar (tensor-typed arith results stay)."""
    if isinstance(typ, TensorType):
        return op.dialect_name() == "mlc_tensor" and math.prod(typ.get_shape()) <= max_elements
    return isinstance(typ, (IntegerType, IndexType, *SCALAR_FLOATS))


def replaces_its_operand(op: Operation) -> bool:
    """Whether folding `op` swaps its constant operand for a constant no larger (its only user)."""
    return isinstance(op, NON_GROWING_OPS) and op.operands[0].has_one_use()


def foldable(op: Operation, max_elements: int) -> bool:
    """Whether `op` is a side-effect-free mlc_tensor/arith op of constants with small enough results."""
    limit = math.inf if replaces_its_operand(op) else max_elements
    return (
        op.dialect_name() in FOLDED_DIALECTS
        and not op.has_trait(ConstantLike)
        and not op.regions
        and bool(op.operands)
        and bool(op.results)
        and all(isinstance(v.owner, CONSTANT_OPS) for v in op.operands)
        and is_side_effect_free(op)
        and all(result_fits(op, r.type, limit) for r in op.results)
    )


def blob_name(op: Operation) -> str:
    """Key stem for a folded blob: the SSA name of the op's result where it has one, else 'folded'."""
    return op.results[0].name_hint or "folded"


def materialize(op: Operation, value: object, typ: Attribute) -> Operation:
    """The constant op holding `value`, an interpreter result of type `typ` of `op`."""
    if isinstance(typ, TensorType):
        array = np.asarray(value)
        # A splat prints as one number whatever its size, so it stays inline.
        limit = array.size if splat_value(array) is not None else DEFAULT_INLINE_LIMIT
        return ConstantOp.from_array(array, blob_name(op), inline_limit=limit)
    if isinstance(typ, IntegerType | IndexType):
        return arith.ConstantOp(IntegerAttr(int(value), typ))
    assert isinstance(typ, SCALAR_FLOATS)
    return arith.ConstantOp(FloatAttr(float(value), typ))


def fold(interpreter: Interpreter, op: Operation) -> list[Operation] | None:
    """The constants replacing `op`'s results, or None when the interpreter rejects the op."""
    try:
        args = tuple(interpreter.run_op(v.owner, ())[0] for v in op.operands)
        results = interpreter.run_op(op, args)
    except InterpretationError:
        return None
    constants = [materialize(op, value, r.type) for value, r in zip(results, op.results)]
    for constant in constants:
        constant.location = op.location
    return constants


@dataclass(frozen=True)
class FoldConstants(ModulePass):
    """Replace mlc_tensor/arith ops of constants by constants of their results (reference interpreter)."""

    name = "fold-constants"

    max_elements: int = 1 << 20
    """Results with more elements than this are not folded (the module stays small)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.max_elements < 0:
            raise PassFailedException(
                f"fold-constants: max-elements must be >= 0, got {self.max_elements}; "
                "give a result size limit such as fold-constants{max-elements=1048576}"
            )
        interpreter = build_interpreter(op)
        # Program order: a folded op's constants are in place before its users are visited.
        for inner in list(op.walk()):
            if not foldable(inner, self.max_elements):
                continue
            constants = fold(interpreter, inner)
            if constants is None:
                continue
            producers = {v.owner for v in inner.operands}
            Rewriter.replace_op(inner, constants, [c.results[0] for c in constants])
            for producer in producers:
                if not producer.results[0].uses:
                    Rewriter.erase_op(producer)
