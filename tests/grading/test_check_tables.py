"""Check tables are data an instructor edits: the built-in ones load, bad ones say file:line."""

from __future__ import annotations

import shutil
from dataclasses import replace

import numpy as np
import pytest

from grader.content import exercises_dir
from grader.engine import shallow_net as net
from grader.errors import UserError
from grader.grading.exercise import load_exercise
from grader.grading.inputs import function_rng
from grader.grading.messages import LANGUAGES, catalogue
from grader.grading.reference import FUNCTIONS, stand_in_source


def test_the_built_in_tables_load_and_name_the_course_functions():
    planar = load_exercise(exercises_dir() / "planar")
    assert [spec.name for spec in planar.functions] == [
        "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost",
        "backward_propagation", "update_parameters", "nn_model", "predict"]
    assert sum(check.points for spec in planar.functions for check in spec.checks) == 11
    activations = load_exercise(exercises_dir() / "activations")
    assert {spec.name for spec in activations.functions} == {
        "sigmoid", "relu", "leaky_relu", "sigmoid_derivative", "tanh_derivative",
        "relu_derivative", "leaky_relu_derivative"}


def test_every_starter_declares_the_graded_functions_with_bilingual_docstrings():
    import ast

    for name in ("planar", "activations"):
        exercise = load_exercise(exercises_dir() / name)
        tree = ast.parse(exercise.starter.read_text(encoding="utf-8"))
        docs = {node.name: ast.get_docstring(node) for node in tree.body
                if isinstance(node, ast.FunctionDef)}
        for spec in exercise.functions:
            assert spec.name in docs
            assert any("\u4e00" <= ch <= "\u9fff" for ch in docs[spec.name]), spec.name


def test_the_starter_signatures_are_the_courses():
    import ast

    tree = ast.parse((exercises_dir() / "planar" / "starter.py").read_text(encoding="utf-8"))
    signatures = {node.name: [a.arg for a in node.args.args] for node in tree.body
                  if isinstance(node, ast.FunctionDef)}
    assert signatures["nn_model"] == ["X", "Y", "n_h", "num_iterations", "print_cost"]
    assert signatures["update_parameters"] == ["parameters", "grads", "learning_rate"]
    assert signatures["backward_propagation"] == ["parameters", "cache", "X", "Y"]


@pytest.fixture
def table(tmp_path):
    folder = tmp_path / "planar"
    shutil.copytree(exercises_dir() / "planar", folder)
    return folder / "checks.yaml"


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old, new, says, at", [
    ("        points: 2\n        # The data", "        points: -2\n        # The data", "between 0 and 1000", "points: -2"),
    ("      - check: properties", "      - check: propertys", "check should be one of", "propertys"),
    ("  compute_cost:\n", "  compute_costs:\n", "no reference for 'compute_costs'", "compute_costs:"),
    ("        max_abs: 0.1", "        max_abs: 0.1\n        colour: red", "unknown key 'colour'", "colour"),
    ("  rtol: 1.0e-5", "  rtol: tight", "'rtol' should be a number", "rtol: tight"),
    ("        iterations: 400", "        iterations: 40.5", "whole number", "iterations: 40.5"),
    ("    corners: [n_y=1, n_y>=2, m=1]\n    checks:\n      - check: values",
     "    corners: [n_y=1, n_y>=2, m=1]\n    checks:\n      - check: learns",
     "cannot have a 'learns' check", "check: learns"),
    # forward_propagation's contract has one output unit (the notebook asserts it).
    ("    corners: [n_h=1, m=1]\n    checks:\n      - check: values\n        points: 2",
     "    corners: [n_h=1, n_y>=2]\n    checks:\n      - check: values\n        points: 2",
     "has no corner 'n_y>=2'", "corners: [n_h=1, n_y>=2]"),
    ("    corners: [m=1]\n", "    corners: m=1\n", "should be a list", "corners: m=1"),
    ("    on_helper_failure: stand_in\n    checks:\n      - check: learns",
     "    on_helper_failure: retry\n    checks:\n      - check: learns", "on_helper_failure", "retry"),
    ("exercise: planar", "exercise: planer", "folder is 'planar'", "exercise: planer"),
    ("  predict:\n", "  predict:\n    checks: []\n  predict:\n", "appears twice", "  predict:"),
])
def test_a_bad_table_is_a_clear_error_at_its_line(table, old, new, says, at):
    text = table.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    table.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_exercise(table.parent)
    message = str(caught.value)
    assert says in message
    lines = [n for n, line in enumerate(text.splitlines(), 1) if at in line]
    assert any(message.startswith(f"{table}:{n}:") for n in lines), message


def test_invalid_yaml_is_reported_with_its_line(table):
    table.write_text("exercise: planar\nfunctions: [unclosed\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"checks\.yaml:\d+: not valid YAML"):
        load_exercise(table.parent)


def test_an_instructor_edit_changes_the_grading(table, tmp_path):
    from grader.grading.grade import grade_submission
    from grader.grading.submission import load_submission
    from grading_support import PLANAR

    table.write_text(table.read_text().replace(
        "  layer_sizes:\n    corners: [n_y=1, n_y>=2, m=1]\n    checks:\n      - check: values\n        points: 1",
        "  layer_sizes:\n    corners: [n_y=1, n_y>=2, m=1]\n    checks:\n      - check: values\n        points: 5"))
    exercise = load_exercise(table.parent)
    exercise = replace(exercise, functions=exercise.functions[:1])
    report = grade_submission(load_submission(PLANAR), exercise, seed=1)
    assert report.score == report.max_score == 5


def test_every_message_has_english_and_chinese():
    data = catalogue()
    for section in ("diagnoses", "facts", "verdicts", "report"):
        for key, texts in data[section].items():
            assert set(LANGUAGES) <= set(texts), f"{section}.{key}"


@pytest.mark.parametrize("name", ["layer_sizes", "initialize_parameters", "forward_propagation",
                                  "compute_cost", "backward_propagation", "update_parameters"])
def test_stand_ins_are_self_contained_and_equal_the_engine(name):
    source = stand_in_source(name)
    assert "grader" not in source
    namespace: dict = {}
    exec(compile(source, f"<stand-in {name}>", "exec"), namespace)
    function = namespace[name]
    for case in FUNCTIONS[name].make_cases(function_rng(5, name), 2):
        np.random.seed(0)
        got = function(*case.args)
        np.random.seed(0)
        want = getattr(net, name)(*case.args)
        if isinstance(want, dict):
            assert all(np.allclose(got[k], want[k]) for k in want)
        elif isinstance(want, tuple) and name == "forward_propagation":
            assert np.allclose(got[0], want[0])
        else:
            assert got == want
    if name == "compute_cost":   # the older course's third argument is accepted
        case = FUNCTIONS[name].make_cases(function_rng(5, name), 0)[0]
        assert function(*case.args, *case.extra_args) == net.compute_cost(*case.args)
