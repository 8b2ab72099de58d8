# Activation functions and their derivatives: a correct submission. The activations attacks
# are this file with one function replaced.
import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


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
