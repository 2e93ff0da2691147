# RUN: python %s | filecheck %s
"""Source locations: each op carries the user line that produced it; a scan is unrolled."""

import jax.numpy as jnp
import numpy as np
from jax import lax
from xdsl.printer import Printer

from mlc.frontend.jax import import_function


def running(xs):
    def step(c, x):
        c = jnp.tanh(c + x)
        return c, c
    return lax.scan(step, jnp.zeros(2, jnp.float32), xs)[1]


Printer(print_debuginfo=True).print_op(import_function(running, np.ones((2, 2), np.float32)))

# CHECK:      func.func @main(%0: tensor<2x2xf32> {mlc.name = "xs"} loc("{{.*}}jax_locations.py":12:1))
# CHECK:      mlc_tensor.slice %0 {{.*}} loc("{{.*}}jax_locations.py":16:12)
# CHECK:      mlc_tensor.add {{.*}} loc("{{.*}}jax_locations.py":14:22)
# CHECK-NEXT: mlc_tensor.tanh {{.*}} loc("{{.*}}jax_locations.py":14:13)
# CHECK:      mlc_tensor.tanh
# CHECK:      mlc_tensor.concat {{.*}} : tensor<1x2xf32>, tensor<1x2xf32> -> tensor<2x2xf32> loc("{{.*}}jax_locations.py":16:12)
