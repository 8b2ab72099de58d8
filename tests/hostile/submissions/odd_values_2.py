# HOSTILE TEST SUBMISSION odd_values_2 (generated from tests/hostile/attacks.yaml)
# every function returns another odd value (NumPy scalar types, 32-dim arrays, extra keys, long double, tuples for dicts, empty shapes, NaN parameters, a string)
# Planar data classification with one hidden layer: a correct submission, written the way the
# course's notebook writes it. Every attack submission is this file with one part replaced.
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def layer_sizes(X, Y):
    return (np.int8(-1), np.uint64(2 ** 64 - 1), np.float16(np.inf))


def initialize_parameters(n_x, n_h, n_y):
    return {"W1": np.zeros((1,) * 32), "b1": np.zeros((n_h, 1)), "W2": np.zeros((n_y, n_h)),
            "b2": np.zeros((n_y, 1)), "extra": np.ones(3)}


def forward_propagation(X, parameters):
    return np.longdouble(0.5), [1, 2, 3]


def compute_cost(A2, Y):
    return np.clongdouble(0.6930587610394646)


def backward_propagation(parameters, cache, X, Y):
    return (np.zeros((0, 0)), np.zeros((0, 0)), np.zeros((0, 0)), np.zeros((0, 0)))


def update_parameters(parameters, grads, learning_rate=1.2):
    return {name: np.zeros((0, 0)) for name in ("W1", "b1", "W2", "b2")}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    return {"W1": np.full((n_h, 2), np.nan), "b1": np.full((n_h, 1), np.inf),
            "W2": np.full((1, n_h), -np.inf), "b2": np.full((1, 1), np.nan)}


def predict(parameters, X):
    return "True"
