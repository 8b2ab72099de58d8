"""The helper modules sent to the child: which import gets what, and that the texts stand alone."""

from __future__ import annotations

import ast

import pytest

from grader.grading import course_modules
from grader.grading.course_modules import course_source, modules_for_import, public_names, role


@pytest.mark.parametrize("module, expected", [
    ("numpy", "own"), ("numpy.linalg", "own"), ("copy", "own"), ("math", "own"),
    ("planar_utils", "course"), ("testCases_v2", "course"), ("testCases", "course"),
    ("public_tests", "course"), ("test_utils", "course"),
    ("matplotlib", "stub"), ("matplotlib.pyplot", "stub"), ("sklearn.linear_model", "stub"),
    ("IPython.display", "stub"), ("seaborn", "stub"),
    ("torch", "unavailable"), ("pandas", "unavailable"), ("scipy.special", "unavailable"),
    ("planar_utils.extra", "unavailable"),
    ("grader", "refused"), ("grader.engine.shallow_net", "refused"),
])
def test_role_of_each_import(module, expected):
    assert role(module) == expected


def test_dotted_import_brings_its_parents():
    got = modules_for_import("sklearn.linear_model")
    assert set(got) == {"sklearn", "sklearn.linear_model"}
    assert modules_for_import("numpy.linalg") == {} and modules_for_import("grader") == {}
    assert set(modules_for_import("testCases")) == {"testCases"}


@pytest.mark.parametrize("name", sorted(course_modules.COURSE))
def test_course_texts_import_only_numpy(name):
    tree = ast.parse(course_source(name))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"numpy"}, name


@pytest.mark.parametrize("kind", ["stub", "unavailable"])
def test_stub_texts_import_nothing(kind):
    (text,) = set(modules_for_import("seaborn" if kind == "stub" else "torch").values())
    tree = ast.parse(text)
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def test_planar_utils_is_generated_from_the_engine_source():
    import inspect

    from grader.engine import activations, datasets

    text = course_source("planar_utils")
    assert inspect.getsource(activations.sigmoid).strip() in text
    assert inspect.getsource(datasets.load_planar_dataset).strip() in text
    assert inspect.getsource(datasets.load_extra_datasets).strip() in text
    assert "<engine source>" not in text
    assert "from __future__" not in text   # would be illegal in the middle of the text
    assert public_names("planar_utils") == {"np", "sigmoid", "load_planar_dataset",
                                            "load_extra_datasets", "plot_decision_boundary"}


def test_engine_datasets_growing_an_import_is_caught(monkeypatch):
    import inspect

    from grader.engine import datasets

    real = inspect.getsource

    def with_scipy(obj):
        text = real(obj)
        return "import scipy\n" + text if obj is datasets else text

    monkeypatch.setattr(inspect, "getsource", with_scipy)
    with pytest.raises(RuntimeError, match="only numpy"):
        course_modules._engine_text()


def test_star_import_names_of_course_files():
    assert {"layer_sizes_test_case", "predict_test_case", "np"} <= public_names("testCases_v2")
    assert "_rng" not in public_names("testCases_v2")
    assert {"compute_cost_test", "nn_model_test"} <= public_names("public_tests")
    assert public_names("matplotlib") == frozenset()
