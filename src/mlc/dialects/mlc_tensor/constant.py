"""mlc_tensor constant ops (being written)."""

OPS: list = []
