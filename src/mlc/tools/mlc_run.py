"""mlc-run: execute a function of an .mlir file on the numpy reference interpreter."""


def main() -> None:
    """Console entry point."""
