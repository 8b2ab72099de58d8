"""A correct planar solution in another style: @, tanh written with np.exp, loops over examples."""
import numpy as np


def _sig(z):
    return 1.0 / (1.0 + np.exp(-z))


def layer_sizes(X, Y):
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x, n_h, n_y):
    parameters = {}
    parameters["W1"] = 0.01 * np.random.randn(n_h, n_x)
    parameters["b1"] = np.zeros(shape=(n_h, 1))
    parameters["W2"] = 0.01 * np.random.randn(n_y, n_h)
    parameters["b2"] = np.zeros(shape=(n_y, 1))
    return parameters


def forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = (np.exp(Z1) - np.exp(-Z1)) / (np.exp(Z1) + np.exp(-Z1))
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = _sig(Z2)
    return A2, dict(Z1=Z1, A1=A1, Z2=Z2, A2=A2)


def compute_cost(A2, Y):
    m = Y.shape[1]
    total = 0.0
    for i in range(m):
        y, a = Y[0, i], A2[0, i]
        total += y * np.log(a) + (1 - y) * np.log(1 - a)
    return -total / m


def backward_propagation(parameters, cache, X, Y):
    # One example at a time, then the average: slower, same numbers.
    W2 = parameters["W2"]
    m = X.shape[1]
    dW1 = np.zeros_like(parameters["W1"], dtype=float)
    db1 = np.zeros_like(parameters["b1"], dtype=float)
    dW2 = np.zeros_like(W2, dtype=float)
    db2 = np.zeros_like(parameters["b2"], dtype=float)
    for i in range(m):
        x = X[:, i:i + 1]
        dz2 = cache["A2"][:, i:i + 1] - Y[:, i:i + 1]
        a1 = cache["A1"][:, i:i + 1]
        dW2 += dz2 @ a1.T
        db2 += dz2
        dz1 = np.multiply(W2.T @ dz2, 1 - np.tanh(cache["Z1"][:, i:i + 1]) ** 2)
        dW1 += dz1 @ x.T
        db1 += dz1
    return {"dW1": dW1 / m, "db1": db1 / m, "dW2": dW2 / m, "db2": db2 / m}


def update_parameters(parameters, grads, learning_rate=1.2):
    return {key: value - learning_rate * grads["d" + key] for key, value in parameters.items()}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    np.random.seed(3)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
    return parameters


def predict(parameters, X):
    return (forward_propagation(X, parameters)[0] > 0.5).astype(int)
