# HOSTILE TEST SUBMISSION odd_values_3 (generated from tests/hostile/attacks.yaml)
# every function returns values at the edges of float (1e308 weights that overflow the parent's own forward pass, -0.0, subnormals, bools for numbers, int arrays)
# Planar data classification with one hidden layer: a correct submission, written the way the
# course's notebook writes it. Every attack submission is this file with one part replaced.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def layer_sizes(X, Y):
    return (True, 4, False)


def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.full((n_h, n_x), 1e308), "b1": np.zeros((n_h, 1)),
            "W2": np.full((n_y, n_h), -1e308), "b2": np.zeros((n_y, 1))}


def forward_propagation(X, parameters):
    A2 = np.full((1, X.shape[1]), 5e-324)
    return A2, {"Z1": A2, "A1": A2, "Z2": A2, "A2": A2}


def compute_cost(A2, Y):
    return -0.0


def backward_propagation(parameters, cache, X, Y):
    return {k: np.full(parameters[k[1:]].shape, 10 ** 18, dtype=np.int64)
            for k in ("dW1", "db1", "dW2", "db2")}


def update_parameters(parameters, grads, learning_rate=1.2):
    return {k: np.full(v.shape, 1e308) * 10 for k, v in parameters.items()}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    return {"W1": np.full((n_h, 2), 1e308), "b1": np.full((n_h, 1), 1e308),
            "W2": np.full((1, n_h), 1e308), "b2": np.full((1, 1), -1e308)}


def predict(parameters, X):
    return np.ones((1, X.shape[1]), dtype=np.int64) * 7
