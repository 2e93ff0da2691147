"""Small JAX functions for mlc-import's tests."""

import jax
import jax.numpy as jnp
import numpy as np

W = np.linspace(-1, 1, 8 * 3, dtype=np.float32).reshape(8, 3)


def dense(x):
    """A dense layer with a closed-over weight and a gelu."""
    return jax.nn.gelu(x @ W)


def dense_with_inputs():
    """A factory: the function and its example inputs."""
    return dense, (np.ones((2, 8), np.float32),)


def unsupported(x):
    """An FFT (unsupported) twice."""
    return jnp.abs(jnp.fft.fft(x)) + jnp.abs(jnp.fft.fft(2 * x))


def mismatch(x):
    """Fails while tracing for a (2, 8) input."""
    return x @ jnp.ones((3, 3))


def factory_of_nothing():
    """A factory returning something that is not a function."""
    return 42


not_callable = 3
