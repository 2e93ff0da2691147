"""xDSL Universe entry point: plain `xdsl-opt` sees the mlc dialects, passes and targets too."""

from xdsl.universe import Universe

from mlc.dialects.registry import DIALECTS
from mlc.passes import PASSES


def _triton_target():
    """The `-t triton` target, imported on use."""
    from mlc.lowering.triton.target import TritonTarget

    return TritonTarget


MLC_UNIVERSE = Universe(all_dialects=DIALECTS, all_passes=PASSES, all_targets={"triton": _triton_target})
