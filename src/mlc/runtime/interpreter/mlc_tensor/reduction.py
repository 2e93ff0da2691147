"""numpy semantics of the mlc_tensor reduction ops (being written)."""

FUNCTIONS: list = []
