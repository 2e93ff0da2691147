"""Execution of mlc IR: the numpy reference interpreter (and, later, the Triton launcher)."""
