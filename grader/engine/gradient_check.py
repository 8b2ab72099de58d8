"""Finite-difference gradient check for the shallow network."""

from __future__ import annotations

import numpy as np

from grader.engine.shallow_net import backward_propagation, compute_cost, forward_propagation

PARAMETER_NAMES = ("W1", "b1", "W2", "b2")


def numerical_gradients(parameters, X, Y, epsilon=1e-7):
    """dJ/dθ for every parameter entry by centred differences (J(θ+ε) - J(θ-ε)) / 2ε."""
    grads = {}
    for name in PARAMETER_NAMES:
        grad = np.zeros_like(parameters[name], dtype=float)
        for index in np.ndindex(parameters[name].shape):
            costs = []
            for sign in (+1, -1):
                shifted = {key: value.astype(float).copy() for key, value in parameters.items()}
                shifted[name][index] += sign * epsilon
                A2, _ = forward_propagation(X, shifted)
                costs.append(compute_cost(A2, Y))
            grad[index] = (costs[0] - costs[1]) / (2 * epsilon)
        grads["d" + name] = grad
    return grads


def relative_difference(analytic, numerical):
    """‖a - n‖ / (‖a‖ + ‖n‖) over all gradients: below ~1e-7 means backprop is right."""
    a = np.concatenate([np.ravel(analytic["d" + n]) for n in PARAMETER_NAMES])
    b = np.concatenate([np.ravel(numerical["d" + n]) for n in PARAMETER_NAMES])
    denominator = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / denominator) if denominator else 0.0


def gradient_check(parameters, X, Y, backward=backward_propagation, epsilon=1e-7):
    """Relative difference between `backward`'s gradients and the numerical ones."""
    _, cache = forward_propagation(X, parameters)
    analytic = backward(parameters, cache, X, Y)
    return relative_difference(analytic, numerical_gradients(parameters, X, Y, epsilon))
