"""Activations and derivatives, in terms of z and of a, as the course writes them."""

import numpy as np
import pytest

from grader import engine

Z = np.array([[-3.0, -0.5, 0.0, 0.5, 3.0]])


def numeric_derivative(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_values():
    np.testing.assert_allclose(engine.sigmoid(np.array([0.0])), [0.5])
    np.testing.assert_array_equal(engine.relu(Z), [[0, 0, 0, 0.5, 3]])
    np.testing.assert_allclose(engine.leaky_relu(Z), [[-0.03, -0.005, 0, 0.5, 3]])


@pytest.mark.parametrize("f, df", [
    (engine.sigmoid, engine.sigmoid_derivative),
    (engine.tanh, engine.tanh_derivative),
])
def test_smooth_derivatives_match_finite_differences(f, df):
    np.testing.assert_allclose(df(Z), numeric_derivative(f, Z), rtol=1e-6)


def test_derivatives_in_terms_of_a():
    a = engine.sigmoid(Z)
    np.testing.assert_allclose(engine.sigmoid_derivative_from_a(a), a * (1 - a))
    t = np.tanh(Z)
    np.testing.assert_allclose(engine.tanh_derivative_from_a(t), 1 - t**2)


def test_piecewise_derivatives_use_the_course_convention_at_zero():
    np.testing.assert_array_equal(engine.relu_derivative(Z), [[0, 0, 1, 1, 1]])
    np.testing.assert_allclose(engine.leaky_relu_derivative(Z), [[0.01, 0.01, 1, 1, 1]])
