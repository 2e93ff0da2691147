"""mlc_tensor normalization ops (being written)."""

OPS: list = []
