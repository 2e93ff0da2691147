"""mlc: an ML compiler on xDSL (mlc_tensor -> mlc_kernel -> Triton, checked by a numpy interpreter)."""

from mlc.compile import compile

__version__ = "0.1.0"

__all__ = ["compile"]
