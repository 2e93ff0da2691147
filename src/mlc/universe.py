"""xDSL Universe entry point: plain `xdsl-opt` sees the mlc dialects and passes too."""

from xdsl.universe import Universe

from mlc.dialects.registry import DIALECTS
from mlc.passes import PASSES

MLC_UNIVERSE = Universe(all_dialects=DIALECTS, all_passes=PASSES)
