"""Lowering of mlc_tensor groups to mlc_kernel block programs: lane evaluation, kernel kinds, tiles."""
