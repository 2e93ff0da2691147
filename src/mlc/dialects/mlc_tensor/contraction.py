"""mlc_tensor contraction ops (being written)."""

OPS: list = []
