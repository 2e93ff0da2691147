"""numpy semantics of the mlc_tensor constant ops (being written)."""

FUNCTIONS: list = []
