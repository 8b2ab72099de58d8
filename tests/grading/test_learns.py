"""nn_model's learns check: trains on a flower drawn fresh from the run's seed (turned, scaled,
shifted), so memorised parameters fail while a correct model passes whatever the seed."""

from __future__ import annotations

import numpy as np
import pytest

from grading_support import PLANAR, grade_only, mutated
from grader.grading.inputs import function_rng
from grader.grading.reference import FUNCTIONS

# Parameters fitted offline to the course's (unturned) flower: 91% on it.
MEMORISED = '''def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    return {"W1": np.array([[0.4329, -8.2507], [-0.8141, -2.2415], [-5.2397, 5.4174],
                            [-4.4307, -4.9373]]),
            "b1": np.array([[0.708], [-2.4773], [-0.774], [-0.4751]]),
            "W2": np.array([[-8.3574, 1.171, -3.9115, 5.3357]]), "b2": np.array([[0.6009]])}


def _unused'''


def _learns(path, seed):
    (check,) = grade_only(path, "planar", ("nn_model",), seed=seed).checks
    return check


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_memorised_parameters_fail_on_the_seeded_flower(tmp_path, seed):
    path = mutated(tmp_path, PLANAR, [("def nn_model", MEMORISED)])
    check = _learns(path, seed)
    assert (check.verdict, check.diagnosis) == ("wrong_value", "not_learning")
    assert "turned" in check.message


def test_an_untrained_model_fails(tmp_path):
    path = mutated(tmp_path, PLANAR, [("    for i in range(0, num_iterations):",
                                       "    for i in range(0, 0):")])
    assert _learns(path, 5).diagnosis == "not_learning"


@pytest.mark.parametrize("seed", [1, 7, 2024])
def test_a_correct_model_passes_and_says_what_it_trained_on(seed):
    check = _learns(PLANAR, seed)
    assert check.passed, check.message
    assert "turned" in check.details[-1] and "training accuracy" in check.details[-1]


def test_the_learns_data_follows_the_seed():
    def data(seed):
        (case,) = FUNCTIONS["nn_model"].make_cases(function_rng(seed, "nn_model"), 2)
        return case.args[0]

    assert np.array_equal(data(4), data(4))
    assert not np.allclose(data(4), data(5))


def test_the_learns_data_is_not_the_course_flower():
    """Nothing the child can load relates to it: not the flower, not any turn of it."""
    from grader.engine import load_planar_dataset

    (case,) = FUNCTIONS["nn_model"].make_cases(function_rng(9, "nn_model"), 2)
    X = case.args[0]
    flower, _ = load_planar_dataset()
    sample = flower[:, :X.shape[1]]
    fit, residual, *_ = np.linalg.lstsq(sample.T, X.T, rcond=None)   # the issue-8 attack
    assert residual.sum() > 0.1 * np.sum(X ** 2)


@pytest.mark.slow
def test_the_margins_hold_over_400_seeds(tmp_path):
    memorised = mutated(tmp_path, PLANAR, [("def nn_model", MEMORISED)])
    correct = [_learns(PLANAR, seed).passed for seed in range(400)]
    fooled = [_learns(memorised, seed).passed for seed in range(400)]
    assert sum(correct) == 400 and sum(fooled) == 0
