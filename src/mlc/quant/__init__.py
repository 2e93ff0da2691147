"""Quantization tooling outside the compiler passes: quantization-aware training for PyTorch (qat)."""
