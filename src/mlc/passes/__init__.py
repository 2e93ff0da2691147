"""mlc's passes by flag, as lazy factories; each pass lives in passes/<flag with '_'>.py."""

import importlib
from collections.abc import Callable

from xdsl.passes import ModulePass


def lazy(module: str, cls: str) -> Callable[[], type[ModulePass]]:
    """A factory that imports mlc.passes.<module> only when the pass is used."""
    return lambda: getattr(importlib.import_module(f"mlc.passes.{module}"), cls)


PASSES: dict[str, Callable[[], type[ModulePass]]] = {
    "fold-batchnorm": lazy("fold_batchnorm", "FoldBatchnorm"),
    "convert-layout": lazy("convert_layout", "ConvertLayout"),
    "decompose": lazy("decompose", "Decompose"),
    "recompose": lazy("recompose", "Recompose"),
    "plan-memory": lazy("plan_memory", "PlanMemory"),
    "fold-constants": lazy("fold_constants", "FoldConstants"),
    "fuse-elementwise": lazy("fuse_elementwise", "FuseElementwise"),
    "fuse-reductions": lazy("fuse_reductions", "FuseReductions"),
    "fuse-epilogue": lazy("fuse_epilogue", "FuseEpilogue"),
    "fuse-attention": lazy("fuse_attention", "FuseAttention"),
    # Lowerings live in mlc.lowering, not mlc.passes.
    "convert-mlc-tensor-to-mlc-kernel": lambda: getattr(
        importlib.import_module("mlc.lowering.convert_mlc_tensor_to_mlc_kernel"), "ConvertMlcTensorToMlcKernel"
    ),
    "calibrate": lazy("calibrate", "Calibrate"),
    "quantize": lazy("quantize", "Quantize"),
    "sparsify-2-4": lazy("sparsify_2_4", "Sparsify24"),
    "sensitivity-scan": lazy("sensitivity_scan", "SensitivityScan"),
    "assign-precision": lazy("assign_precision", "AssignPrecision"),
    "autotune": lazy("autotune", "Autotune"),
}
