"""mlc: an ML compiler on xDSL (mlc_tensor -> mlc_kernel -> Triton, checked by a numpy interpreter)."""

__version__ = "0.1.0"
