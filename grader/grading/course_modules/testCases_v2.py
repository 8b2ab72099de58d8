"""testCases_v2, as the course ships it: inputs for trying each function of the assignment.

Same function names, return values and shapes as the course's file; the numbers are drawn
from a fixed seed here (and the cache/gradients computed from them), so they are deterministic
and consistent with each other. A local RandomState leaves np.random's state alone.
"""

import numpy as np


def _rng():
    return np.random.RandomState(1)


def _parameters(rng, n_x=2, n_h=4, n_y=1):
    return {
        "W1": rng.randn(n_h, n_x) * 0.01,
        "b1": rng.randn(n_h, 1) * 1e-5,
        "W2": rng.randn(n_y, n_h) * 0.01,
        "b2": rng.randn(n_y, 1) * 1e-5,
    }


def _forward(X, parameters):
    Z1 = np.dot(parameters["W1"], X) + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = np.dot(parameters["W2"], A1) + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def layer_sizes_test_case():
    rng = _rng()
    X_assess = rng.randn(5, 3)
    Y_assess = rng.randn(2, 3)
    return X_assess, Y_assess


def initialize_parameters_test_case():
    n_x, n_h, n_y = 2, 4, 1
    return n_x, n_h, n_y


def forward_propagation_test_case():
    rng = _rng()
    X_assess = rng.randn(2, 3)
    parameters = _parameters(rng)
    parameters["b2"] = np.array([[-1.3]])
    return X_assess, parameters


def compute_cost_test_case():
    rng = _rng()
    Y_assess = rng.randn(1, 3) > 0
    a2 = 1 / (1 + np.exp(-rng.randn(1, 3)))
    return a2, Y_assess


def backward_propagation_test_case():
    rng = _rng()
    X_assess = rng.randn(2, 3)
    Y_assess = rng.randn(1, 3) > 0
    parameters = _parameters(rng)
    cache = _forward(X_assess, parameters)
    return parameters, cache, X_assess, Y_assess


def update_parameters_test_case():
    rng = _rng()
    parameters = _parameters(rng)
    grads = {"d" + name: rng.randn(*value.shape) * 1e-4 for name, value in parameters.items()}
    return parameters, grads


def nn_model_test_case():
    rng = _rng()
    X_assess = rng.randn(2, 3)
    Y_assess = rng.randn(1, 3) > 0
    return X_assess, Y_assess


def predict_test_case():
    rng = _rng()
    X_assess = rng.randn(2, 3)
    parameters = _parameters(rng)
    return parameters, X_assess
