"""numpy semantics of the mlc_tensor pooling ops (being written)."""

FUNCTIONS: list = []
