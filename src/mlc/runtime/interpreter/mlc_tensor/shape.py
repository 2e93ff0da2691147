"""numpy semantics of the mlc_tensor shape ops (being written)."""

FUNCTIONS: list = []
