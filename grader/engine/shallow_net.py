"""The reference shallow network: one tanh hidden layer, one sigmoid output unit.

Shapes (m examples, n_x inputs, n_h hidden units, n_y outputs):
    X (n_x, m)   Y (n_y, m)
    W1 (n_h, n_x)   b1 (n_h, 1)   Z1, A1 (n_h, m)
    W2 (n_y, n_h)   b2 (n_y, 1)   Z2, A2 (n_y, m)

Randomness follows the course: NumPy's legacy generator. nn_model seeds with 3 as the notebook
does; the older notebook's initialize_parameters then seeded again with 2 (`init_seed=2` here),
which is where its published costs come from. Functions that draw take an optional `rng` (a
np.random.RandomState); without one they draw from np.random, as the notebook does.

Every formula is written in the course's order of operations (`(1 / m) * np.dot(dZ2, A1.T)`:
the product first, then the scaling), so the engine rounds as the course's own code does.
"""

from __future__ import annotations

import numpy as np

from grader.engine.activations import sigmoid

DEFAULT_HIDDEN = 4
DEFAULT_LEARNING_RATE = 1.2
DEFAULT_ITERATIONS = 10000
COURSE_SEED = 3
OLDER_COURSE_INIT_SEED = 2   # np.random.seed(2) inside the older notebook's initialize_parameters


def layer_sizes(X, Y):
    """(n_x, n_h, n_y): input size, hidden size (4, as the course fixes it), output size."""
    n_x = X.shape[0]
    n_h = DEFAULT_HIDDEN
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y, rng=None):
    """Small random weights (randn × 0.01) break symmetry; biases may start at zero."""
    draw = (rng or np.random).randn
    W1 = draw(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = draw(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    """A2 (n_y, m) and the cache {Z1, A1, Z2, A2} that backward propagation needs."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    """Cross-entropy J = -(1/m) Σ [y log a + (1 - y) log(1 - a)], as a Python float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    return float(-np.sum(logprobs) / m)


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost, vectorised over the m examples."""
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=DEFAULT_LEARNING_RATE):
    """One gradient-descent step θ = θ - α dθ; returns new arrays, leaves its inputs alone."""
    return {
        name: parameters[name] - learning_rate * grads["d" + name]
        for name in ("W1", "b1", "W2", "b2")
    }


def nn_model(X, Y, n_h, num_iterations=DEFAULT_ITERATIONS, print_cost=False,
             seed=COURSE_SEED, learning_rate=DEFAULT_LEARNING_RATE, on_cost=None,
             init_seed=None):
    """Train the network; returns the learnt parameters.

    The course seeds with 3 before initialising; `init_seed=2` reproduces the older notebook,
    whose initialize_parameters seeded again. `on_cost(i, cost)` is called every 1000
    iterations (print_cost prints the course's line instead, when on_cost is not given).
    """
    rng = np.random.RandomState(seed if init_seed is None else init_seed)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y, rng=rng)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        if i % 1000 == 0 and (print_cost or on_cost):
            cost = compute_cost(A2, Y)
            if on_cost:
                on_cost(i, cost)
            else:
                print("Cost after iteration %i: %f" % (i, cost))
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters


def predict(parameters, X):
    """Boolean predictions (1, m): A2 > 0.5."""
    A2, _ = forward_propagation(X, parameters)
    return A2 > 0.5


def accuracy(predictions, Y):
    """Percentage of examples where the prediction equals the label."""
    return float(np.mean(np.asarray(predictions, dtype=float) == Y) * 100)
