"""The comparison every kernel test makes: lowered (or Triton) results against the tensor-level interpreter's."""

import numpy as np


def assert_results_close(got: list[np.ndarray], want: list[np.ndarray], tol: float) -> None:
    """Equal count, dtypes and shapes; values within `tol` (absolute and relative), NaN where NaN."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=tol, atol=tol, equal_nan=True)
