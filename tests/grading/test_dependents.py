"""nn_model and predict: graded with reference helpers standing in, or blocked; never failed twice."""

from __future__ import annotations

from dataclasses import replace

from grading_support import PLANAR, mutated
from grader.grading.exercise import find_exercise
from grader.grading.grade import grade_submission
from grader.grading.submission import load_submission

BROKEN_BACKWARD = [("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T) * 50")]
BROKEN_FORWARD = [("A2 = sigmoid(Z2)", "A2 = sigmoid(Z2) * 0.1")]


def _grade(path, mode=None, functions=None):
    exercise = find_exercise("planar")
    specs = tuple(spec if mode is None or spec.name not in ("nn_model", "predict")
                  else replace(spec, on_helper_failure=mode)
                  for spec in exercise.functions if functions is None or spec.name in functions)
    report = grade_submission(load_submission(path), replace(exercise, functions=specs), seed=8)
    return {check.function: check for check in report.checks}


def test_a_broken_helper_is_reported_once_and_nn_model_is_graded_with_the_reference(tmp_path):
    checks = _grade(mutated(tmp_path, PLANAR, BROKEN_BACKWARD))
    assert checks["backward_propagation"].verdict == "wrong_value"
    assert checks["nn_model"].verdict == "pass" and checks["nn_model"].score == 2
    assert any("reference backward_propagation standing in" in d for d in checks["nn_model"].details)
    assert checks["predict"].verdict == "pass"   # predict does not call backward_propagation
    assert not any("standing in" in d for d in checks["predict"].details)


def test_block_mode_reports_them_blocked_by_the_failing_helper(tmp_path):
    checks = _grade(mutated(tmp_path, PLANAR, BROKEN_FORWARD), mode="block")
    assert checks["forward_propagation"].verdict == "wrong_value"
    for name in ("nn_model", "predict"):
        assert checks[name].verdict == "blocked" and checks[name].score == 0
        assert "forward_propagation" in checks[name].message
        assert checks[name].diagnosis is None


def test_predict_stands_in_forward_propagation(tmp_path):
    checks = _grade(mutated(tmp_path, PLANAR, BROKEN_FORWARD),
                    functions=("forward_propagation", "predict"))
    assert checks["forward_propagation"].verdict == "wrong_value"
    assert checks["predict"].verdict == "pass"
    assert any("reference forward_propagation standing in" in d for d in checks["predict"].details)


def test_a_missing_helper_is_stood_in_as_well(tmp_path):
    text = PLANAR.read_text()
    start, end = text.index("def compute_cost("), text.index("def backward_propagation(")
    path = tmp_path / "sub.py"
    path.write_text(text[:start] + text[end:])
    checks = _grade(path, functions=("compute_cost", "nn_model"))
    assert checks["compute_cost"].verdict == "missing"
    assert checks["nn_model"].verdict == "pass"


def test_a_bug_in_nn_model_itself_is_its_own(tmp_path):
    path = mutated(tmp_path, PLANAR, [("for i in range(0, num_iterations):", "for i in range(0, 3):")])
    checks = _grade(path, functions=("nn_model",))
    assert checks["nn_model"].verdict == "wrong_value"
    assert checks["nn_model"].diagnosis == "not_learning"
    assert "after 400 iterations" in checks["nn_model"].message
