"""mlc_tensor fused ops (being written)."""

OPS: list = []
