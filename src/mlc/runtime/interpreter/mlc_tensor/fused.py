"""numpy semantics of the mlc_tensor fused ops (being written)."""

FUNCTIONS: list = []
