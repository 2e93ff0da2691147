"""mlc_kernel: block programs shaped like Triton's tt dialect, and the host launches of them.

A kernel is an `mlc_kernel.func` run once per program of its grid; its body computes on
scalars and power-of-two blocks with the ops here plus upstream `arith`, `math` and `scf`.
The host is a `func.func` over memref buffers that launches kernels (see kernel.py).
"""

from xdsl.ir import Dialect

from mlc.dialects.mlc_kernel import block, compute, kernel, memory
from mlc.dialects.mlc_kernel.base import PtrType
from mlc.dialects.mlc_kernel.block import *  # noqa: F403
from mlc.dialects.mlc_kernel.compute import *  # noqa: F403
from mlc.dialects.mlc_kernel.kernel import *  # noqa: F403
from mlc.dialects.mlc_kernel.memory import *  # noqa: F403

MLC_KERNEL = Dialect(
    "mlc_kernel",
    [*kernel.OPS, *block.OPS, *memory.OPS, *compute.OPS],
    [PtrType],
)
