"""Helpers of the calibrate, quantize and sparsify-2-4 passes: layers, their weights, names, remarks.

A layer is an mlc_tensor linear, matmul or conv2d. Its activation is the input it
multiplies with the weight; its weight, in the [N, K] (out, in) form of mlc_quant's linear
ops, is linear's weight, matmul's rhs transposed, and conv2d's OIHW weight as it is.
"""

from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import NameLoc, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.rewriter import Rewriter

from mlc.dialects.mlc_tensor import AddOp, ConstantOp, Conv2dOp, LinearOp, MatmulOp, ReshapeOp, TransposeOp
from mlc.dialects.mlc_tensor.base import is_float
from mlc.ir.diagnostics import remark_at
from mlc.passes.graph_rewrites import constant_array

Layer = LinearOp | MatmulOp | Conv2dOp
LAYERS = (LinearOp, MatmulOp, Conv2dOp)

RANGE = "mlc_quant.range"
"""Attribute calibrate writes on a layer: [min, max] of its activation (array<f64>)."""
CHANNEL_RANGE = "mlc_quant.channel_range"
"""Attribute calibrate writes on a layer: per activation channel [min, max] (tensor<Cx2xf32>)."""
OUTPUT_RANGE = "mlc_quant.output_range"
"""Attribute calibrate writes on a layer: [min, max] of its result (array<f64>)."""


def float_layers(root: Operation) -> list[Layer]:
    """The linear/matmul/conv2d ops under `root` with float operands, in program order."""
    return [
        op for op in root.walk()
        if isinstance(op, LAYERS) and is_float(op.results[0].type.get_element_type())  # pyright: ignore
    ]


def activation(op: Layer) -> SSAValue:
    """The input a layer multiplies with its weight."""
    return op.lhs if isinstance(op, MatmulOp) else op.input


def weight_value(op: Layer) -> SSAValue:
    """The weight operand of a layer."""
    return op.rhs if isinstance(op, MatmulOp) else op.weight


def bias_value(op: Layer) -> SSAValue | None:
    """The bias operand of a layer (matmul has none)."""
    return None if isinstance(op, MatmulOp) else op.bias


def is_nchw(op: Layer) -> bool:
    """Whether a layer is not a conv2d in nhwc layout (linear and matmul count as channel-first-free)."""
    return not isinstance(op, Conv2dOp) or op.layout_name(op.properties) == "nchw"


def channel_axis(op: Layer) -> int:
    """The axis of the activation holding the contracted channels (K, or C of the conv input)."""
    if isinstance(op, Conv2dOp):
        return 1 if is_nchw(op) else 3
    typ = activation(op).type
    assert isinstance(typ, TensorType)
    return typ.get_num_dims() - 1


def output_channel_axis(op: Layer) -> int:
    """The axis of the result holding the output channels (N, or O of the conv result)."""
    typ = op.results[0].type
    assert isinstance(typ, TensorType)
    if isinstance(op, Conv2dOp):
        return 1 if is_nchw(op) else 3
    return typ.get_num_dims() - 1


def weight_matrix(op: Layer) -> np.ndarray | None:
    """The constant weight as mlc_quant's ops take it ([N, K], OIHW for conv), else None."""
    value = weight_value(op)
    transpose = value.owner
    if isinstance(op, MatmulOp) and isinstance(transpose, TransposeOp) and tuple(transpose.perm.get_values()) == (1, 0):
        # matmul(x, transpose(W)) is linear(x, W): importers write torch's Linear this way.
        return constant_array(transpose.input)
    weight = constant_array(value)
    if weight is None:
        return None
    return weight.T if isinstance(op, MatmulOp) else weight


def layer_name(op: Layer) -> str | None:
    """The layer's name: its own loc("name"), else its weight's loc("name.weight") without `.weight`."""
    for owner, suffix in ((op, ""), (weight_value(op).owner, ".weight")):
        loc = getattr(owner, "location", None)
        if isinstance(loc, NameLoc):
            name = loc.desc.data
            return name[: -len(suffix)] if suffix and name.endswith(suffix) else name
    return None


def describe(op: Layer) -> str:
    """How remarks name a layer: op name, its name if any, and its weight shape."""
    name = layer_name(op)
    shape = "x".join(map(str, weight_value(op).type.get_shape()))  # pyright: ignore
    return f"{op.name}" + (f" '{name}'" if name else "") + f" (weight {shape})"


def remark(pass_name: str, op: Layer, applied: bool, detail: str) -> None:
    """An -Rpass style remark at the layer: `<pass>: applied|not applied to <layer>: <detail>`."""
    verdict = "applied to" if applied else "not applied to"
    remark_at(op, f"{pass_name}: {verdict} {describe(op)}: {detail}")


def replace_layer(op: Layer, new_ops: Sequence[Operation], bias: SSAValue | None) -> None:
    """Replace a layer by `new_ops` (the last computes its value without bias), adding the bias
    in float after, all at the layer's location; weight constants left unused are erased."""
    ops = list(new_ops)
    if bias is not None:
        value = ops[-1].results[0]
        if isinstance(op, Conv2dOp):
            # y + b[c] with c on axis 1 of NCHW: b reshaped to [1, C, 1, 1] broadcasts there.
            ops.append(ReshapeOp(bias, [1, -1, 1, 1]))
            bias = ops[-1].results[0]
        ops.append(AddOp(value, bias))
    for new in ops:  # they compute the layer: keep its source location
        new.location = op.location
    dead = [v.owner for v in op.operands]
    Rewriter.replace_op(op, ops, [ops[-1].results[0]])
    while dead:  # the weight constant (and a transpose of it) when nothing else uses them
        owner = dead.pop()
        if isinstance(owner, ConstantOp | TransposeOp) and owner.parent is not None and not owner.result.uses:
            dead += [v.owner for v in owner.operands]
            Rewriter.erase_op(owner)
