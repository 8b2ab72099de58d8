"""The reference engine reproduces the course's published numbers."""

import numpy as np
import pytest

from grader.engine import accuracy, compute_cost, load_planar_dataset, nn_model, predict


def test_compute_cost_matches_the_course_figure():
    A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
    Y = np.array([[1, 0, 0]])
    cost = compute_cost(A2, Y)
    assert type(cost) is float
    assert cost == pytest.approx(0.6930587610394646, abs=1e-15)


def test_flower_dataset_has_the_course_shapes():
    X, Y = load_planar_dataset()
    assert X.shape == (2, 400)
    assert Y.shape == (1, 400)
    assert sorted(np.unique(Y)) == [0, 1]
    assert int(Y.sum()) == 200


def test_four_hidden_units_reach_the_course_accuracy():
    X, Y = load_planar_dataset()
    parameters = nn_model(X, Y, n_h=4, num_iterations=10000)
    assert accuracy(predict(parameters, X), Y) == pytest.approx(90.75)


@pytest.mark.parametrize(
    "n_h, expected",
    [(1, 67.5), (2, 67.25), (3, 90.75), (4, 90.5), (5, 91.25)],
)
def test_hidden_size_sweep_matches_the_course(n_h, expected):
    X, Y = load_planar_dataset()
    parameters = nn_model(X, Y, n_h=n_h, num_iterations=5000)
    assert accuracy(predict(parameters, X), Y) == pytest.approx(expected)


def test_cost_falls_while_training():
    X, Y = load_planar_dataset()
    costs = []
    nn_model(X, Y, n_h=4, num_iterations=3000, on_cost=lambda i, c: costs.append((i, c)))
    assert [i for i, _ in costs] == [0, 1000, 2000]
    assert costs[0][1] == pytest.approx(np.log(2), abs=1e-3)  # tiny weights: A2 ≈ 0.5 everywhere
    assert costs[0][1] > costs[1][1] > costs[2][1]
