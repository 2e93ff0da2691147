"""Small builders and checks shared by the dialect tests: types, free values, raw ops, failures."""

import re
from io import StringIO

import pytest
from xdsl.dialects.builtin import DenseArrayBase, TensorType, f32, i64
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.test_value import create_ssa_value


def t(shape, element: Attribute = f32) -> TensorType:
    """tensor<shape x element>."""
    return TensorType(element, shape)


def v(shape, element: Attribute = f32) -> SSAValue:
    """A fresh SSA value of type tensor<shape x element>."""
    return create_ssa_value(t(shape, element))


def arr(*values: int, element: Attribute = i64) -> DenseArrayBase:
    """array<element: values>."""
    return DenseArrayBase.from_list(element, values)


def raw(cls, operands, result: Attribute, **props: Attribute) -> Operation:
    """An op built without its builder, so the verifier sees exactly these parts."""
    return cls.create(operands=operands, result_types=[result], properties=props)


def fails(op_or_builder, message: str) -> None:
    """Building (a callable) or verifying (an op) fails with exactly `message`."""
    # Operation.verify() wraps the verifier's message in the printed op: match it whole.
    with pytest.raises(VerifyException, match=rf"(^|: ){re.escape(message)}(\n|$)"):
        op = op_or_builder() if callable(op_or_builder) else op_or_builder
        op.verify()


def check_fails(op: Operation, message: str) -> None:
    """`op.verify()` raises `message` (the first line; xDSL appends the op's rendering)."""
    with pytest.raises(VerifyException) as failure:
        op.verify()
    assert str(failure.value).splitlines()[0] == message


def printed(op: Operation) -> str:
    """The custom-format text of an op."""
    stream = StringIO()
    Printer(stream=stream).print_op(op)
    return stream.getvalue()
