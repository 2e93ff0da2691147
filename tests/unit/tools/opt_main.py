"""Run mlc-opt's main in-process and return its exit code (shared by the mlc-opt tests)."""

import pytest

from mlc.tools.mlc_opt import main


def run(*args: str) -> int:
    """mlc-opt with `args`; its exit code (main always exits through SystemExit)."""
    with pytest.raises(SystemExit) as info:
        main(list(args))
    assert isinstance(info.value.code, int)
    return info.value.code
