"""Judging from hand-built CallOutcomes: every sandbox status becomes the right verdict."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from grading_support import PLANAR, grade_only, mutated
from grader.engine import shallow_net as net
from grader.grading.calls import CallOutcome, CaseResult, ErrorInfo, Frame, Unsupported
from grader.grading.checks import Context, judge
from grader.grading.compare import compare
from grader.grading.exercise import find_exercise
from grader.grading.inputs import function_rng
from grader.grading.reference import FUNCTIONS

BACKWARD = FUNCTIONS["backward_propagation"]
SPEC = find_exercise("planar").function("backward_propagation").checks[0]
CASES = BACKWARD.make_cases(function_rng(1, "backward_propagation"), 2)


def _judge(outcome, **context):
    return judge(SPEC, BACKWARD, CASES, outcome, Context(**context))


def _answers(transform=lambda grads, case: grads):
    return tuple(CaseResult(True, transform(net.backward_propagation(*case.args), case))
                 for case in CASES)


@pytest.mark.parametrize("status, verdict, says", [
    ("missing", "missing", "no function backward_propagation"),
    ("timeout", "timeout", "time limit (10 s)"),
    ("memory", "memory", "out of memory"),
    ("forbidden", "forbidden", "reads the grader's files"),
    ("crashed", "error", "the child died"),
    ("output_limit", "error", "the child died"),
])
def test_sandbox_statuses_become_verdicts(status, verdict, says):
    outcome = CallOutcome("backward_propagation", status,
                          detail="the child died" if status in ("crashed", "output_limit")
                          else "reads the grader's files")
    result = _judge(outcome)
    assert (result.verdict, result.score, result.max_score) == (verdict, 0, 2)
    assert says in result.message


def test_a_load_error_shows_the_students_frames_with_their_locations():
    error = ErrorInfo("ZeroDivisionError", "division by zero", (Frame(3, "<module>", "x = 1 / 0"),))
    result = _judge(CallOutcome("backward_propagation", "load_error", error=error),
                    locate=lambda line: f"cell 2, line {line}")
    assert result.verdict == "error"
    assert "while loading" in result.message
    assert result.details == ("ZeroDivisionError: division by zero",
                              "  at cell 2, line 3, in <module>: x = 1 / 0")


def test_the_correct_answers_pass():
    assert _judge(CallOutcome("backward_propagation", "ok", _answers())).verdict == "pass"


def test_nan_is_named_with_its_index():
    def poison(grads, case):
        grads = dict(grads)
        grads["dW2"] = grads["dW2"].copy()
        grads["dW2"][0, 1] = np.nan
        return grads
    result = _judge(CallOutcome("backward_propagation", "ok", _answers(poison)))
    assert result.verdict == "wrong_value"
    assert "dW2 contains NaN or inf (first at index (0, 1))" in result.details


def test_an_unsupported_value_is_the_wrong_type():
    result = _judge(CallOutcome("backward_propagation", "ok",
                                (CaseResult(True, Unsupported("generator")),) * len(CASES)))
    assert result.verdict == "wrong_type"
    assert "expected a dict, got a generator object" in result.details[-1]


def test_a_list_instead_of_an_array_is_the_wrong_type():
    def listify(grads, case):
        return {**grads, "db2": grads["db2"].tolist()}
    result = _judge(CallOutcome("backward_propagation", "ok", _answers(listify)))
    assert result.verdict == "wrong_type"
    assert any(line.startswith("db2: expected a NumPy array") for line in result.details)


def test_max_delta_and_where():
    def nudge(grads, case):
        dW1 = grads["dW1"].copy()
        dW1[2, 1] += 0.5
        return {**grads, "dW1": dW1}
    result = _judge(CallOutcome("backward_propagation", "ok", _answers(nudge)))
    assert result.verdict == "wrong_value" and result.diagnosis is None
    assert any(line.startswith("dW1: max |Δ| = 0.5 at index (2, 1)") for line in result.details)


def test_a_wrong_gradient_is_singled_out_by_the_gradient_check():
    def nudge(grads, case):
        return {**grads, "db1": grads["db1"] * 3}
    result = _judge(CallOutcome("backward_propagation", "ok", _answers(nudge)))
    check = result.details[result.details.index(next(
        line for line in result.details if line.startswith("gradient check"))) + 1:]
    verdicts = {line.split(":")[0].strip(): line.rsplit("(", 1)[1].rstrip(")") for line in check}
    assert verdicts == {"dW1": "right", "db1": "wrong", "dW2": "right", "db2": "right"}


@pytest.mark.parametrize("got, ok", [
    (0.5, True), (np.float64(0.5), True), (np.array(0.5), True), (np.array([[0.5]]), False),
    ("0.5", False), (None, False),
])
def test_a_cost_may_be_any_kind_of_number_but_not_an_array(got, ok):
    mismatch = compare(0.5, got, rtol=1e-6, atol=0, root="cost")
    assert (mismatch is None) == ok
    if isinstance(got, np.ndarray) and got.ndim:
        assert mismatch.kind == "wrong_shape"


def test_a_real_endless_loop_times_out(tmp_path):
    path = mutated(tmp_path, PLANAR, [("    n_x = X.shape[0]\n", "    while True:\n        pass\n")])
    exercise = replace(find_exercise("planar"), timeout_seconds=1.0)
    from grader.grading.grade import grade_submission
    from grader.grading.submission import load_submission

    chosen = replace(exercise, functions=(exercise.function("layer_sizes"),))
    report = grade_submission(load_submission(path), chosen, seed=1)
    (check,) = report.checks
    assert check.verdict == "timeout" and "1 s" in check.message


def test_returning_nothing_says_so(tmp_path):
    path = mutated(tmp_path, PLANAR, [("    return (n_x, n_h, n_y)\n", "    (n_x, n_h, n_y)\n")])
    (check,) = grade_only(path, "planar", ("layer_sizes",)).checks
    assert check.verdict == "wrong_type" and "None (did you forget `return`?)" in check.details[-1]
