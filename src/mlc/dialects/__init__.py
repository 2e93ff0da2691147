"""The mlc dialects: mlc_tensor (graph), mlc_quant (quantized types and ops), mlc_kernel (block programs)."""
