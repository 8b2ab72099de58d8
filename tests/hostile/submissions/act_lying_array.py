# HOSTILE TEST SUBMISSION act_lying_array (generated from tests/hostile/attacks.yaml)
# sigmoid returns zeros dressed as an ndarray subclass whose == and ufuncs say "equal"
# Activation functions and their derivatives: a correct submission. The activations attacks
# are this file with one function replaced.
import numpy as np


class _Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool)
    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.broadcast_shapes(*(np.shape(x) for x in inputs)), dtype=bool)


def sigmoid(z):
    return np.zeros(np.shape(z)).view(_Liar)


def relu(z):
    return np.maximum(0, z)


def leaky_relu(z):
    return np.where(z >= 0, z, 0.01 * z)


def sigmoid_derivative(z):
    # Self-contained, so an attack placed in sigmoid touches no other graded function.
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def relu_derivative(z):
    return np.where(z > 0, 1.0, 0.0)


def leaky_relu_derivative(z):
    return np.where(z > 0, 1.0, 0.01)
