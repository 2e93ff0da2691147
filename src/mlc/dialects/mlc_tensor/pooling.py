"""mlc_tensor pooling ops (being written)."""

OPS: list = []
