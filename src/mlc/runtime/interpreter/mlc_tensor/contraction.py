"""numpy semantics of the mlc_tensor contraction ops (being written)."""

FUNCTIONS: list = []
