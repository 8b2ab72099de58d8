"""`grader grade` and `grader train` as a user runs them: reports, JSON, exit codes, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from grading_support import ACTIVATIONS, PLANAR, mutated
from grader.cli import main

VERDICTS = {"pass", "wrong_value", "wrong_shape", "wrong_type", "error", "timeout", "memory",
            "missing", "forbidden", "blocked"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def check_results_json(data: dict) -> None:
    """Gradescope's results.json specification, as far as this grader uses it."""
    allowed = {"score", "execution_time", "output", "output_format", "test_output_format",
               "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
               "leaderboard"}
    assert set(data) <= allowed, set(data) - allowed
    assert isinstance(data["score"], (int, float)) and not isinstance(data["score"], bool)
    assert isinstance(data["execution_time"], (int, float)) and data["execution_time"] >= 0
    assert isinstance(data.get("output", ""), str)
    assert data.get("visibility", "visible") in VISIBILITY
    assert isinstance(data["extra_data"], dict)
    assert isinstance(data["extra_data"]["seed"], int)
    assert isinstance(data["extra_data"]["layers"], list)
    assert isinstance(data["tests"], list) and data["tests"]
    test_keys = {"score", "max_score", "status", "name", "name_format", "number", "output",
                 "output_format", "tags", "visibility", "extra_data"}
    for test in data["tests"]:
        assert set(test) <= test_keys, set(test) - test_keys
        assert isinstance(test["name"], str) and test["name"]
        for key in ("score", "max_score"):
            assert isinstance(test[key], (int, float)) and not isinstance(test[key], bool)
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert isinstance(test["output"], str)
        assert test.get("visibility", "visible") in VISIBILITY
        extra = test["extra_data"]
        assert set(extra) == {"function", "check", "verdict", "diagnosis", "diagnoses"}
        assert extra["diagnoses"][:1] == ([extra["diagnosis"]] if extra["diagnosis"] else [])
        assert extra["verdict"] in VERDICTS
        assert extra["diagnosis"] is None or isinstance(extra["diagnosis"], str)
        assert (test["status"] == "passed") == (extra["verdict"] == "pass")
    assert abs(data["score"] - sum(t["score"] for t in data["tests"])) < 1e-9


def run(argv, capsys):
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_correct_submission_exits_0_with_a_valid_full_score_json(capsys):
    code, out, _ = run(["grade", str(PLANAR), "--format", "json", "--seed", "3"], capsys)
    data = json.loads(out)
    check_results_json(data)
    assert code == 0
    assert data["score"] == data["extra_data"]["max_score"] == 11
    assert data["extra_data"]["seed"] == 3
    assert {t["extra_data"]["function"] for t in data["tests"]} == {
        "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
        "backward_propagation", "update_parameters", "nn_model", "predict"}


def test_a_buggy_submission_exits_1_and_the_text_names_the_mistake(tmp_path, capsys):
    path = mutated(tmp_path, PLANAR, [("db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)",
                                       "db1 = (1 / m) * np.sum(dZ1, axis=1)")])
    code, out, _ = run(["grade", str(path), "--seed", "9"], capsys)
    assert code == 1
    line = next(l for l in out.splitlines() if l.strip().startswith("backward_propagation"))
    assert "wrong_shape" in line and "0/2" in line
    assert "keepdims=True" in out and "[missing_keepdims]" in out
    assert "db1: expected shape (4, 1), got (4,)" in out
    assert "Total: 9/11" in out and "--seed 9" in out


def test_the_json_of_a_buggy_submission_is_valid_too(tmp_path, capsys):
    path = mutated(tmp_path, PLANAR, [("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)")])
    code, out, _ = run(["grade", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    check_results_json(data)
    assert code == 1
    failed = [t for t in data["tests"] if t["status"] == "failed"]
    assert [t["extra_data"]["diagnosis"] for t in failed] == ["wrong_hidden_activation"]


def test_output_file_and_chinese_feedback(tmp_path, capsys):
    path = mutated(tmp_path, PLANAR, [("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)")])
    report = tmp_path / "report.txt"
    code, out, _ = run(["grade", str(path), "--lang", "zh", "--output", str(report)], capsys)
    assert code == 1 and out == ""
    text = report.read_text(encoding="utf-8")
    assert "总分" in text and "忘了乘以 1/m" in text and "[missing_1_over_m]" in text


def test_the_activations_exercise_is_detected(capsys):
    code, out, _ = run(["grade", str(ACTIVATIONS)], capsys)
    assert code == 0 and "exercise 'activations'" in out and "Total: 7/7" in out


@pytest.mark.parametrize("argv, says", [
    (["grade", "no/such/file.py"], "no such file"),
    (["grade", str(PLANAR), "--exercise", "nope"],
     "unknown exercise 'nope'; known exercises: activations, planar"),
])
def test_could_not_grade_exits_2(argv, says, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and says in err and "Traceback" not in err


def test_a_bad_flag_exits_2(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["grade", str(PLANAR), "--format", "xml"])
    assert caught.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_a_file_that_is_no_exercise_exits_2(tmp_path, capsys):
    path = tmp_path / "other.py"
    path.write_text("def hello():\n    return 1\n")
    code, _, err = run(["grade", str(path)], capsys)
    assert code == 2 and "--exercise" in err and "planar" in err


def test_a_folder_exits_2(tmp_path, capsys):
    code, _, err = run(["grade", str(tmp_path)], capsys)
    assert code == 2 and "folder" in err


def test_a_syntax_error_is_reported_at_its_line_and_the_rest_is_graded(tmp_path, capsys):
    path = mutated(tmp_path, PLANAR, [("    dZ2 = A2 - Y\n", "    dZ2 = A2 - Y)\n")])
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "A2 - Y)" in t)
    code, out, _ = run(["grade", str(path), "--format", "json"], capsys)
    data = json.loads(out)
    check_results_json(data)
    assert code == 1
    by_name = {t["name"]: t for t in data["tests"]}
    broken = by_name["backward_propagation: values"]
    assert broken["extra_data"]["verdict"] == "missing" and broken["score"] == 0
    assert f"line {line}" in data["output"]
    assert by_name["forward_propagation: values"]["status"] == "passed"
    # nn_model calls the broken helper: graded with the reference standing in, not failed twice
    assert by_name["nn_model: learns"]["status"] == "passed"


def test_a_missing_function_scores_0_for_it_only(tmp_path, capsys):
    text = PLANAR.read_text()
    start = text.index("def predict(")
    end = text.index("# Notebook-style leftovers")
    path = tmp_path / "sub.py"
    path.write_text(text[:start] + text[end:])
    code, out, _ = run(["grade", str(path)], capsys)
    assert code == 1
    assert "there is no function predict in your file" in out
    assert "Total: 10/11" in out


def test_a_non_utf8_file_is_graded_with_a_note(tmp_path, capsys):
    path = tmp_path / "latin.py"
    path.write_bytes(b"# r\xe9seau de neurones\n" + PLANAR.read_bytes())
    code, out, _ = run(["grade", str(path)], capsys)
    assert code == 0
    assert "not UTF-8" in out and "line 1" in out


def test_an_empty_file_with_an_exercise_is_all_missing(tmp_path, capsys):
    path = tmp_path / "empty.py"
    path.write_text("")
    code, out, _ = run(["grade", str(path), "--exercise", "planar"], capsys)
    assert code == 1
    assert out.count("missing") >= 8 and "Total: 0/11" in out


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_a_report_not_a_crash(tmp_path, capsys):
    path = tmp_path / "locked.py"
    path.write_text(PLANAR.read_text())
    path.chmod(0)
    code, out, _ = run(["grade", str(path), "--exercise", "planar"], capsys)
    assert code == 1 and "could not be read" in out


def test_the_real_command_in_a_subprocess(tmp_path):
    path = mutated(tmp_path, PLANAR, [("predictions = A2 > 0.5", "predictions = A2")])
    result = subprocess.run([sys.executable, "-m", "grader", "grade", str(path), "--format", "json",
                             "--seed", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    check_results_json(data)
    assert {t["name"]: t["extra_data"]["diagnosis"] for t in data["tests"]}["predict: values"] \
        == "returns_probabilities"


def test_the_grade_command_module_is_import_light():
    code = "import sys, grader.cli; grader.cli.build_parser(); print(sorted(m for m in ('numpy', 'yaml') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "numpy" not in result.stdout


def test_train_prints_the_cost_every_1000_iterations_and_the_accuracy():
    result = subprocess.run([sys.executable, "-m", "grader", "train", "flower", "--hidden", "4",
                             "--iterations", "2000"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    costs = [l for l in lines if l.startswith("Cost after iteration ")]
    assert [l.split(":")[0] for l in costs] == ["Cost after iteration 0", "Cost after iteration 1000"]
    assert float(costs[0].split(": ")[1]) > float(costs[1].split(": ")[1])
    accuracy = [l for l in lines if l.startswith("Training accuracy: ")]
    assert len(accuracy) == 1 and 80 < float(accuracy[0].split(": ")[1].rstrip("%")) <= 100


def test_train_an_unknown_dataset_exits_2_listing_the_known_ones(capsys):
    code, _, err = run(["train", "tulip"], capsys)
    assert code == 2 and "unknown dataset 'tulip'" in err and "flower" in err and "noisy_moons" in err


@pytest.mark.parametrize("exercise, total", [("planar", 11), ("activations", 7)])
def test_the_untouched_starter_is_graded_not_crashed(exercise, total, capsys):
    from grader.content import exercises_dir

    starter = exercises_dir() / exercise / "starter.py"
    code, out, _ = run(["grade", str(starter)], capsys)
    assert code == 1
    assert f"exercise '{exercise}'" in out and f"Total: 0/{total}" in out
    assert "NotImplementedError" in out


@pytest.mark.parametrize("argv, says", [
    (["train", "flower", "--hidden", "0"], "--hidden must be at least 1"),
    (["train", "flower", "--iterations", "0"], "--iterations must be at least 1"),
    (["train", "flower", "--learning-rate", "-1"], "--learning-rate must be positive"),
])
def test_train_refuses_bad_numbers(argv, says, capsys):
    code, _, err = run(argv, capsys)
    assert code == 2 and says in err


def test_timeout_flag_bounds_a_hanging_function_and_the_rest_is_graded(tmp_path, capsys):
    import time

    path = mutated(tmp_path, PLANAR, [("m = Y.shape[1]", "m = Y.shape[1]\n    while True: pass")])
    started = time.monotonic()
    code, out, _ = run(["grade", str(path), "--format", "json", "--seed", "4", "--timeout", "1"],
                       capsys)
    elapsed = time.monotonic() - started
    data = json.loads(out)
    verdicts = {t["extra_data"]["function"]: t["extra_data"]["verdict"] for t in data["tests"]}
    assert code == 1
    assert verdicts["compute_cost"] == "timeout"
    assert verdicts["backward_propagation"] == "pass"
    assert elapsed < 8  # one 1 s limit, not the table's 10 s


@pytest.mark.parametrize("value", ["0", "abc", "1e9"])
def test_a_bad_timeout_exits_2(value, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["grade", str(PLANAR), "--timeout", value])
    assert exit_info.value.code == 2
    assert "--timeout" in capsys.readouterr().err


def test_could_not_grade_still_writes_a_valid_results_json(tmp_path, capsys):
    empty = tmp_path / "empty.py"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(["grade", str(empty), "--format", "json"], capsys)
    assert code == 2
    data = json.loads(out)
    # Gradescope's required top level: a numeric score and execution_time, a tests list.
    assert data["score"] == 0 and data["execution_time"] >= 0 and data["tests"] == []
    assert "--exercise" in data["output"] and "--exercise" in err


@pytest.mark.parametrize("text", [
    "<!DOCTYPE html>\n<html><body><pre>def layer_sizes(X, Y):</pre></body></html>\n",
    '{"metadata": {}, "nbformat": 4}\n'])
def test_a_page_saved_as_a_notebook_cannot_be_graded(tmp_path, capsys, text):
    path = tmp_path / "W3A1.ipynb"
    path.write_text(text)
    code, out, err = run(["grade", str(path), "--exercise", "planar"], capsys)
    assert code == 2 and "could not grade: this is not a Jupyter notebook" in err
    assert "there is no function" not in out + err
    results = tmp_path / "results.json"
    code, _, _ = run(["grade", str(path), "--format", "json", "--output", str(results)], capsys)
    assert code == 2 and "not a Jupyter notebook" in json.loads(results.read_text())["output"]


def test_a_syntax_error_in_a_function_is_reported_at_that_function(tmp_path, capsys):
    path = mutated(tmp_path, PLANAR, [("    predictions = A2 > 0.5", "    predictions = (A2 > 0.5")])
    code, out, _ = run(["grade", str(path), "--seed", "2"], capsys)
    line = next(n for n, t in enumerate(path.read_text().splitlines(), 1) if "(A2 > 0.5" in t)
    predict = [l for l in out.splitlines() if l.strip().startswith("not graded: predict")]
    assert code == 1 and len(predict) == 1 and f"line {line}" in predict[0]
    assert "there is no function predict" not in out


def test_a_bug_in_the_grader_still_writes_a_valid_results_json(tmp_path, capsys, monkeypatch):
    import grader.grading.grade as grade

    def broken(*args, **kwargs):
        raise ZeroDivisionError("ours")
    monkeypatch.setattr(grade, "grade_file", broken)
    results = tmp_path / "results.json"
    code, _, err = run(["grade", str(PLANAR), "--format", "json", "--output", str(results)], capsys)
    assert code == 2 and "Traceback" not in err and "bug in the grader" in err
    assert json.loads(results.read_text())["score"] == 0
