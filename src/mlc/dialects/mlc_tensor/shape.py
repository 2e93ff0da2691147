"""mlc_tensor shape ops (being written)."""

OPS: list = []
