"""Lowerings between levels: mlc_tensor -> mlc_kernel (convert_mlc_tensor_to_mlc_kernel), mlc_kernel -> Triton."""
