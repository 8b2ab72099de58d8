# HOSTILE TEST SUBMISSION odd_values_1 (generated from tests/hostile/attacks.yaml)
# every function returns an odd plain value the parent must judge without crashing (complex, strings, empty arrays, 3-d, None leaves, lists, complex parameters, uint64 near 2**64)
# Planar data classification with one hidden layer: a correct submission, written the way the
# course's notebook writes it. Every attack submission is this file with one part replaced.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def layer_sizes(X, Y):
    return (1 + 2j, 4, 1)


def initialize_parameters(n_x, n_h, n_y):
    return {"W1": "W1", "b1": "b1", "W2": "W2", "b2": "b2"}


def forward_propagation(X, parameters):
    return np.zeros((0,)), {}


def compute_cost(A2, Y):
    return np.array([[[0.6930587610394646]]])


def backward_propagation(parameters, cache, X, Y):
    return {"dW1": None, "db1": None, "dW2": None, "db2": None}


def update_parameters(parameters, grads, learning_rate=1.2):
    return []


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    return {"W1": np.ones((n_h, 2), dtype=complex), "b1": np.zeros((n_h, 1), dtype=complex),
            "W2": np.ones((1, n_h), dtype=complex), "b2": np.zeros((1, 1), dtype=complex)}


def predict(parameters, X):
    return np.full((1, X.shape[1]), 2 ** 64 - 1, dtype=np.uint64)
