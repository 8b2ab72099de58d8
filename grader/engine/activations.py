"""Activation functions and their derivatives, as the course writes them.

Derivatives come in two forms where the course uses both: in terms of z (the pre-activation) and
in terms of a = g(z) (the cached activation), e.g. sigmoid'(z) = a (1 - a), tanh'(z) = 1 - a**2.
All functions are element-wise and work on any shape.
"""

from __future__ import annotations

import numpy as np

LEAKY_SLOPE = 0.01


def sigmoid(z):
    """σ(z) = 1 / (1 + e^-z)."""
    return 1 / (1 + np.exp(-z))


def tanh(z):
    """tanh(z) = (e^z - e^-z) / (e^z + e^-z)."""
    return np.tanh(z)


def relu(z):
    """ReLU(z) = max(0, z)."""
    return np.maximum(0, z)


def leaky_relu(z):
    """Leaky ReLU(z) = max(0.01 z, z)."""
    return np.where(z >= 0, z, LEAKY_SLOPE * z)


def sigmoid_derivative_from_a(a):
    """σ'(z) written with a = σ(z): a (1 - a)."""
    return a * (1 - a)


def sigmoid_derivative(z):
    """σ'(z) = σ(z) (1 - σ(z))."""
    return sigmoid_derivative_from_a(sigmoid(z))


def tanh_derivative_from_a(a):
    """tanh'(z) written with a = tanh(z): 1 - a**2."""
    return 1 - a**2


def tanh_derivative(z):
    """tanh'(z) = 1 - tanh(z)**2."""
    return tanh_derivative_from_a(np.tanh(z))


def relu_derivative(z):
    """ReLU'(z) = 1 for z >= 0, else 0 (the course's convention at exactly z = 0)."""
    return np.where(z >= 0, 1.0, 0.0)


def leaky_relu_derivative(z):
    """Leaky ReLU'(z) = 1 for z >= 0, else 0.01."""
    return np.where(z >= 0, 1.0, LEAKY_SLOPE)
