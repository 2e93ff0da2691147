"""mlc_tensor reduction ops (being written)."""

OPS: list = []
