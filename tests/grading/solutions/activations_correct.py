"""A correct activations solution."""
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def relu(z):
    return np.maximum(0, z)


def leaky_relu(z):
    return np.where(z > 0, z, 0.01 * z)


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def relu_derivative(z):
    return (z > 0).astype(float)      # 0 at exactly z = 0: the other accepted convention


def leaky_relu_derivative(z):
    dz = np.ones_like(z, dtype=float)
    dz[z < 0] = 0.01
    return dz
