"""The mlc dialects by name, as lazy factories (the shape xDSL's Universe expects)."""

from collections.abc import Callable

from xdsl.ir import Dialect


def _mlc_tensor() -> Dialect:
    from mlc.dialects.mlc_tensor import MLC_TENSOR

    return MLC_TENSOR


DIALECTS: dict[str, Callable[[], Dialect]] = {
    "mlc_tensor": _mlc_tensor,
}
