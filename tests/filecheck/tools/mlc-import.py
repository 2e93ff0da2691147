# The file is its own model: mlc-import loads the factories below from it.
# RUN: mlc-import torch %s:mlp --input-shape 3,4 | filecheck %s --check-prefix=TORCH
# RUN: mlc-import torch %s:mlp --input-shape 3,4 --params-as-args | filecheck %s --check-prefix=ARGS
# RUN: mlc-import jax %s:scale --input-shape 2,3:f16 --input-shape 2,3:f16 --mlir-elide-elementsattrs-if-larger=1 | filecheck %s --check-prefix=JAX
# RUN: mlc-import torch %s:mlp --input-shape 3,4 -o %t.mlir && mlc-run %t.mlir --random-inputs 0 | filecheck %s --check-prefix=EXEC
# RUN: mlc-import jax %s:scale --input-shape 3 --input-shape 3 --check | filecheck %s --check-prefix=OK
# RUN: not mlc-import jax %s:spectrum --input-shape 8 --check | filecheck %s --check-prefix=CHECK-FAIL
# RUN: not mlc-import jax %s:spectrum --input-shape 8 2>&1 | filecheck %s --check-prefix=ERROR

import jax.numpy as jnp
import numpy as np
import torch


def mlp():
    """Two linear layers with a relu between them."""
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 2))


# TORCH:      func.func @main(%0: tensor<3x4xf32> {mlc.name = "input"}) -> (tensor<3x2xf32> {mlc.name = "output"}) {
# TORCH-NEXT:   %1 = mlc_tensor.constant dense_resource<_0.weight> : tensor<8x4xf32>
# TORCH:        mlc_tensor.relu
# TORCH:        func.return %{{.*}} : tensor<3x2xf32>
# TORCH:      dialect_resources: {
# TORCH-NEXT:   builtin: {
# TORCH-NEXT:     _0.bias: "0x04000000{{[0-9A-F]+}}",_0.weight: "0x04000000{{[0-9A-F]+}}"

# ARGS:       func.func @main(%0: tensor<3x4xf32> {mlc.name = "input"}, %1: tensor<8x4xf32> {mlc.name = "0.weight"}, %2: tensor<8xf32> {mlc.name = "0.bias"}, %3: tensor<2x8xf32> {mlc.name = "2.weight"}, %4: tensor<2xf32> {mlc.name = "2.bias"})
# ARGS-NOT:   dense_resource


def scale(x, y):
    """x * w + y with a closed-over weight."""
    return x * np.arange(3, dtype=np.float16) + y


# JAX:      func.func @main(%0: tensor<2x3xf16> {mlc.name = "x"}, %1: tensor<2x3xf16> {mlc.name = "y"}) -> tensor<2x3xf16> {
# JAX-NEXT:   %2 = mlc_tensor.constant dense_resource<__elided__> : tensor<3xf16>
# JAX-NOT:  dialect_resources

# EXEC:     result0: tensor<3x2xf32> (shape (3, 2), dtype float32)

# OK: 0 unsupported ops


def spectrum(x):
    """Unsupported: FFTs."""
    return jnp.abs(jnp.fft.fft(x))


# CHECK-FAIL: 2 unsupported ops: convert_element_type x1 ({{.*}}mlc-import.py:[[LINE:[0-9]+]]): dtype complex64 has no mlc_tensor element type {{.*}}, fft x1 ({{.*}}mlc-import.py:[[LINE]]): no rule for this primitive
# ERROR:      mlc-import.py: error: 2 unsupported ops: convert_element_type x1
# ERROR-NOT:  Traceback
