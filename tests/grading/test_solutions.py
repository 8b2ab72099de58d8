"""Correct solutions in other styles score full marks; seeds change inputs, never verdicts."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grading_support import ACTIVATIONS, PLANAR, SOLUTIONS, grade_only, mutated, verdicts
from grader.grading.grade import grade_file
from grader.grading.inputs import function_rng
from grader.grading.reference import FUNCTIONS


@pytest.mark.parametrize("name", ["planar_correct", "planar_other_style", "planar_older_course"])
def test_every_planar_style_scores_full_marks(name):
    report = grade_file(SOLUTIONS / f"{name}.py", seed=77)
    assert [(c.function, c.verdict) for c in report.checks if not c.passed] == []
    assert report.score == report.max_score == 11
    assert report.exit_code == 0


HONEST = sorted(SOLUTIONS.glob("*.py")) + sorted(
    (SOLUTIONS.parent.parent / "hostile").glob("honest_*.py"))


@pytest.mark.parametrize("path", HONEST, ids=lambda path: path.name)
def test_every_correct_solution_scores_full_marks_on_every_seed(path):
    seen = {verdicts(grade_file(path, seed=seed)) for seed in range(20)}
    assert len(seen) == 1
    assert all(verdict == "pass" for _, _, verdict, _ in seen.pop())


def test_the_full_correct_report(correct_planar_report):
    report = correct_planar_report
    assert report.exercise == "planar" and report.seed == 2024
    assert all(check.passed and check.diagnosis is None for check in report.checks)
    assert report.function_lines["backward_propagation"].startswith("line ")


def _notebook(path, cells: list[str]):
    doc = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Planar data classification"]},
        *({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
           "source": cell.splitlines(keepends=True)} for cell in cells)]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _cells(text: str) -> list[str]:
    """The .py split before each def, as a student's notebook holds one function per cell."""
    parts = text.split("\ndef ")
    return [parts[0]] + ["def " + part for part in parts[1:]] + ["%matplotlib inline\nX, Y = load_planar_dataset()"]


COURSE_HEADER = """import numpy as np
import copy
import matplotlib.pyplot as plt
from testCases_v2 import *
from public_tests import *
import sklearn
import sklearn.datasets
import sklearn.linear_model
from planar_utils import plot_decision_boundary, sigmoid, load_planar_dataset, load_extra_datasets

%matplotlib inline
"""


def test_the_course_notebook_form_scores_full_marks(tmp_path):
    # the course's own first cell: sigmoid comes from planar_utils, not from the student
    cells = _cells(PLANAR.read_text())
    cells = [COURSE_HEADER] + [cell for cell in cells[1:] if not cell.startswith("def sigmoid")]
    path = _notebook(tmp_path / "W3A1.ipynb", cells)
    report = grade_file(path, seed=5)
    assert report.score == report.max_score == 11, [c for c in report.checks if not c.passed]


def test_a_notebook_error_points_at_the_cell_and_line(tmp_path):
    text = PLANAR.read_text().replace("    m = X.shape[1]\n    W1", "    m = X.shape[1]\n    W1 = parameters['w1']\n    W1")
    cells = _cells(text)
    path = _notebook(tmp_path / "W3A1.ipynb", cells)
    report = grade_only(path, "planar", ("backward_propagation",))
    (check,) = report.checks
    assert check.verdict == "error"
    assert "KeyError: 'w1'" in "\n".join(check.details)
    # numbered as the student sees them: the markdown cell first, then the code cells
    number = 2 + next(i for i, cell in enumerate(cells) if cell.startswith("def backward_propagation"))
    assert any(f"cell {number}, line 3, in backward_propagation" in line for line in check.details)


def test_activations_with_either_relu_convention_at_zero(tmp_path):
    other = mutated(tmp_path, ACTIVATIONS, [
        ("return (z > 0).astype(float)", "return np.where(z >= 0, 1.0, 0.0)"),
        ("dz[z < 0] = 0.01", "dz[z <= 0] = 0.01")])
    for path in (ACTIVATIONS, other):
        report = grade_file(path, seed=3)
        assert report.score == report.max_score == 7


def test_relu_derivative_with_half_at_zero_fails(tmp_path):
    path = mutated(tmp_path, ACTIVATIONS, [("return (z > 0).astype(float)",
                                            "return np.where(z > 0, 1.0, np.where(z < 0, 0.0, 0.5))")])
    report = grade_only(path, "activations", ("relu_derivative",))
    assert report.checks[0].verdict == "wrong_value"


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_seeds_make_different_fresh_inputs_and_the_same_seed_the_same(function):
    def fresh(seed):
        cases = FUNCTIONS[function].make_cases(function_rng(seed, function), 2,
                                               FUNCTIONS[function].corners)
        return [case for case in cases if not case.fixed]

    def same(a, b):
        return all(np.array_equal(x, y) if isinstance(x, np.ndarray) else
                   (same(list(x.values()), list(y.values())) if isinstance(x, dict) else x == y)
                   for x, y in zip(a, b))

    first, again, other = fresh(11), fresh(11), fresh(12)
    assert first, f"{function} has no fresh cases"
    assert all(same(a.args, b.args) for a, b in zip(first, again))
    assert not all(same(a.args, b.args) for a, b in zip(first, other))


def test_different_seeds_same_verdicts_same_seed_same_report(tmp_path):
    path = mutated(tmp_path, PLANAR, [("dW2 = (1 / m) * np.dot(dZ2, A1.T)", "dW2 = np.dot(dZ2, A1.T)")])
    functions = ("layer_sizes", "backward_propagation", "initialize_parameters")
    verdicts = set()
    for seed in (1, 2, 3):
        report = grade_only(path, "planar", functions, seed=seed)
        verdicts.add(tuple((c.function, c.verdict, c.diagnosis) for c in report.checks))
    assert verdicts == {(("layer_sizes", "pass", None),
                         ("initialize_parameters", "pass", None),
                         ("backward_propagation", "wrong_value", "missing_1_over_m"))}
    one, two = (grade_only(path, "planar", functions, seed=99) for _ in range(2))
    assert one.checks == two.checks and one.seed == two.seed == 99


def test_the_fresh_cases_are_reported_with_their_shapes(tmp_path):
    path = mutated(tmp_path, PLANAR, [("n_y = Y.shape[0]\n", "n_y = 1\n")])
    report = grade_only(path, "planar", ("layer_sizes",), seed=4)
    (check,) = report.checks
    # the fixed example has n_y = 2, so it already fails there
    assert check.verdict == "wrong_value"
    assert "n_y: max |Δ| = 1" in "\n".join(check.details)
