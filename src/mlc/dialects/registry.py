"""The mlc dialects by name, as lazy factories (the shape xDSL's Universe expects)."""

from collections.abc import Callable

from xdsl.ir import Dialect


def _mlc_tensor() -> Dialect:
    from mlc.dialects.mlc_tensor import MLC_TENSOR

    return MLC_TENSOR


def _mlc_quant() -> Dialect:
    from mlc.dialects.mlc_quant import MLC_QUANT

    return MLC_QUANT


def _mlc_kernel() -> Dialect:
    from mlc.dialects.mlc_kernel import MLC_KERNEL

    return MLC_KERNEL


DIALECTS: dict[str, Callable[[], Dialect]] = {
    "mlc_tensor": _mlc_tensor,
    "mlc_kernel": _mlc_kernel,
    "mlc_quant": _mlc_quant,
}
