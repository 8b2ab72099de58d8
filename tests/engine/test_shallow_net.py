"""Shapes, invariants and gradients of the reference network."""

import numpy as np
import pytest

from grader.engine import (
    backward_propagation,
    forward_propagation,
    gradient_check,
    initialize_parameters,
    layer_sizes,
    predict,
    update_parameters,
)


@pytest.fixture
def problem():
    rng = np.random.RandomState(7)
    n_x, n_h, m = 3, 5, 11
    X = rng.randn(n_x, m)
    Y = (rng.rand(1, m) > 0.5).astype(float)
    parameters = {
        "W1": rng.randn(n_h, n_x) * 0.5,
        "b1": rng.randn(n_h, 1) * 0.1,
        "W2": rng.randn(1, n_h) * 0.5,
        "b2": rng.randn(1, 1) * 0.1,
    }
    return X, Y, parameters


def test_layer_sizes_follow_the_inputs():
    assert layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))) == (5, 4, 2)


def test_initialization_is_small_random_weights_and_zero_biases():
    p = initialize_parameters(2, 4, 1, rng=np.random.RandomState(0))
    assert p["W1"].shape == (4, 2) and p["W2"].shape == (1, 4)
    assert p["b1"].shape == (4, 1) and p["b2"].shape == (1, 1)
    assert not p["b1"].any() and not p["b2"].any()
    assert 0 < np.abs(p["W1"]).max() < 0.05
    assert len({tuple(row) for row in p["W1"]}) == 4  # symmetry broken: every row differs


def test_forward_shapes_and_cache(problem):
    X, _, parameters = problem
    A2, cache = forward_propagation(X, parameters)
    assert A2.shape == (1, X.shape[1])
    assert cache["Z1"].shape == cache["A1"].shape == (5, X.shape[1])
    np.testing.assert_allclose(cache["A1"], np.tanh(cache["Z1"]))
    assert np.all((A2 > 0) & (A2 < 1))


def test_backward_propagation_agrees_with_finite_differences(problem):
    X, Y, parameters = problem
    assert gradient_check(parameters, X, Y) < 1e-7


def test_gradient_check_catches_a_backprop_without_one_over_m(problem):
    X, Y, parameters = problem

    def missing_one_over_m(parameters, cache, X, Y):
        grads = backward_propagation(parameters, cache, X, Y)
        return {name: value * X.shape[1] for name, value in grads.items()}

    assert gradient_check(parameters, X, Y, backward=missing_one_over_m) > 0.1


def test_gradient_shapes_match_parameters(problem):
    X, Y, parameters = problem
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    for name in ("W1", "b1", "W2", "b2"):
        assert grads["d" + name].shape == parameters[name].shape


def test_update_returns_new_arrays_and_leaves_inputs_alone(problem):
    X, Y, parameters = problem
    before = {k: v.copy() for k, v in parameters.items()}
    _, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    updated = update_parameters(parameters, grads)
    for name in before:
        np.testing.assert_array_equal(parameters[name], before[name])
        np.testing.assert_allclose(updated[name], before[name] - 1.2 * grads["d" + name])


def test_predict_thresholds_at_one_half(problem):
    X, _, parameters = problem
    A2, _ = forward_propagation(X, parameters)
    np.testing.assert_array_equal(predict(parameters, X), A2 > 0.5)
