"""numpy semantics of the mlc_tensor normalization ops (being written)."""

FUNCTIONS: list = []
