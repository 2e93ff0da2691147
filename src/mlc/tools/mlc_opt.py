"""mlc-opt: the mlir-opt of mlc (parse, run a pass pipeline, print)."""

from xdsl.xdsl_opt_main import xDSLOptMain


class MlcOptMain(xDSLOptMain):
    """xDSL's opt driver with mlc's dialects and passes."""


def main() -> None:
    """Console entry point."""
    MlcOptMain(description="mlc modular optimizer driver").run()
