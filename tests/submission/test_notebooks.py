"""load_submission on the course's notebook, its nbconvert export, and broken notebooks."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from grader.grading.submission import load_submission, location

from course_notebook import (CELLS, GRADED, cell_number, export_text, notebook_json,
                             write_export, write_notebook)

FIXTURES = Path(__file__).parent / "fixtures"
NOTEBOOK = FIXTURES / "planar_course.ipynb"
EXPORT = FIXTURES / "planar_course_export.py"


def test_committed_fixtures_match_their_generator():
    assert json.loads(NOTEBOOK.read_text(encoding="utf-8")) == notebook_json()
    assert EXPORT.read_text(encoding="utf-8") == export_text()


def test_course_notebook_finds_every_graded_function_in_its_cell():
    sub = load_submission(NOTEBOOK)
    assert sub.kind == "ipynb" and sub.filename == "planar_course.ipynb"
    assert sub.problems == ()
    assert set(sub.functions) == set(GRADED)
    lines = sub.source.splitlines()
    for name in GRADED:
        info = sub.functions[name]
        # "# GRADED FUNCTION: x" is line 1, a blank line 2, the def line 3 of its cell.
        assert location(sub, info.line) == f"cell {cell_number(name)}, line 3"
        assert lines[info.line - 1].startswith(f"def {name}(")
        assert info.free_globals == frozenset(), name
    assert sub.functions["nn_model"].params == ("X", "Y", "n_h", "num_iterations", "print_cost")


def test_course_notebook_drops_data_training_tests_plots_and_magics():
    sub = load_submission(NOTEBOOK)
    by_cell = {entry.split(":")[0]: entry for entry in sub.dropped}
    assert by_cell["cell 3"] == "cell 3: %matplotlib inline, %load_ext autoreload, %autoreload 2"
    assert by_cell["cell 5"] == "cell 5: X, Y = load_planar_dataset(...)"
    assert "parameters = nn_model(...)" in by_cell["cell 31"]
    assert "plot_decision_boundary(...)" in by_cell["cell 31"]
    assert "for i, n_h in enumerate(...) loop" in by_cell["cell 34"]
    assert "compute_cost_test(...)" in by_cell["cell 20"]
    # No cell that defines a graded function drops anything.
    assert not {f"cell {cell_number(name)}" for name in GRADED} & set(by_cell)
    for gone in ("load_planar_dataset()", "nn_model(X, Y, n_h = 4", "plt.scatter", "%matplotlib",
                 "compute_cost_test(", "hidden_layer_sizes"):
        assert gone not in sub.source
    ast.parse(sub.source)


def test_course_notebook_provides_course_files_and_stubs_it_imports():
    sub = load_submission(NOTEBOOK)
    assert set(sub.modules) == {"planar_utils", "testCases_v2", "public_tests", "matplotlib",
                                "matplotlib.pyplot", "sklearn", "sklearn.datasets",
                                "sklearn.linear_model"}


def test_every_source_line_maps_back_to_its_cell():
    sub = load_submission(NOTEBOOK)
    code_cells = [(n, src) for n, (kind, src) in enumerate(CELLS, start=1) if kind == "code"]
    total = sum(src.count("\n") + 1 for _, src in code_cells)
    assert len(sub.cell_lines) == total
    first_line_of_cell = {cell: i + 1 for i, (cell, line) in reversed(list(
        enumerate(sub.cell_lines))) if line == 1}
    for cell, src in code_cells:
        start = first_line_of_cell[cell]
        last = src.count("\n") + 1
        assert location(sub, start) == f"cell {cell}, line 1"
        assert location(sub, start + last - 1) == f"cell {cell}, line {last}"


def test_nbconvert_export_gives_the_same_functions_at_file_lines():
    sub = load_submission(EXPORT)
    assert sub.kind == "py" and sub.problems == ()
    assert set(sub.functions) == set(GRADED)
    text = EXPORT.read_text(encoding="utf-8").splitlines()
    for info in sub.functions.values():
        assert text[info.line - 1].startswith(f"def {info.name}(")
        assert location(sub, info.line) == f"line {info.line}"
    dropped = " | ".join(sub.dropped)
    for what in ("%matplotlib inline", "%autoreload 2", "X, Y = load_planar_dataset(...)",
                 "parameters = nn_model(...)", "for i, n_h in enumerate(...) loop"):
        assert what in dropped
    assert "get_ipython" not in sub.source
    assert set(sub.modules) == set(load_submission(NOTEBOOK).modules)


def with_cell(cells, number, source):
    cells = list(cells)
    cells[number - 1] = ("code", source)
    return cells


def test_a_cell_with_a_syntax_error_loses_that_cell_only(tmp_path):
    number = cell_number("compute_cost")
    broken = CELLS[number - 1][1].replace("cost = - np.sum(logprobs) / m",
                                          "cost = - np.sum(logprobs) / m)")
    path = write_notebook(tmp_path / "broken.ipynb", with_cell(CELLS, number, broken))
    sub = load_submission(path)
    assert set(sub.functions) == set(GRADED) - {"compute_cost"}
    (problem,) = sub.problems
    bad_line = broken.split("\n").index("    cost = - np.sum(logprobs) / m)") + 1
    assert problem.where == f"cell {number}, line {bad_line}"
    assert location(sub, problem.line) == problem.where
    assert "compute_cost" in problem.message and "SyntaxError" in problem.message
    assert problem.lost == ("compute_cost",)
    ast.parse(sub.source)


def test_compute_cost_reading_the_notebook_global_is_named(tmp_path):
    number = cell_number("compute_cost")
    leaning = CELLS[number - 1][1].replace(
        "m = Y.shape[1] # number of examples",
        "m = Y.shape[1] # number of examples\n    W1 = parameters[\"W1\"]")
    path = write_notebook(tmp_path / "global.ipynb", with_cell(CELLS, number, leaning))
    sub = load_submission(path)
    assert sub.functions["compute_cost"].free_globals == frozenset({"parameters"})
    assert sub.functions["predict"].free_globals == frozenset()


def test_shell_help_and_cell_magics_are_neutralised(tmp_path):
    cells = CELLS + [
        ("code", "!pip install numpy\n?np.dot\nnp.dot?\n\ndef after_shell(x):\n    return x"),
        ("code", "%%time\ndef timed(x):\n    return 2 * x"),
        ("code", "%%writefile helper.py\ndef not_python_here(:\n    pass"),
        ("code", "for i in range(2):\n    !echo {i}\n\ndef after_loop(y):\n    return y"),
    ]
    path = write_notebook(tmp_path / "magics.ipynb", cells)
    sub = load_submission(path)
    assert sub.problems == ()
    assert {"after_shell", "timed", "after_loop"} <= set(sub.functions)
    assert "not_python_here" not in sub.functions
    n = len(CELLS)
    dropped = {entry.split(":")[0]: entry for entry in sub.dropped}
    assert dropped[f"cell {n + 1}"] == f"cell {n + 1}: !pip install numpy, ?np.dot, np.dot?"
    assert dropped[f"cell {n + 3}"] == f"cell {n + 3}: %%writefile helper.py cell (not Python)"
    assert location(sub, sub.functions["timed"].line) == f"cell {n + 2}, line 2"


def test_invalid_json_is_a_problem_with_the_file_line():
    sub = load_submission(FIXTURES / "invalid_json.ipynb")
    assert sub.functions == {} and sub.source == ""
    (problem,) = sub.problems
    assert "not valid JSON" in problem.message
    assert problem.where == "line 2 of the .ipynb file"


def test_json_that_is_not_a_notebook_is_a_problem():
    sub = load_submission(FIXTURES / "not_a_notebook.ipynb")
    (problem,) = sub.problems
    assert "not a Jupyter notebook" in problem.message and problem.where == "whole file"


@pytest.mark.parametrize("cells_field", ["list", "string"])
def test_source_as_list_or_string_and_malformed_cells(tmp_path, cells_field):
    def src(text):
        return text.splitlines(keepends=True) if cells_field == "list" else text
    doc = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "source": src("import numpy as np\n"), "metadata": {}},
        "not a cell",
        {"cell_type": "code", "source": 42, "metadata": {}},
        {"cell_type": "code", "source": src("def f(x):\n    return np.sum(x)\n"),
         "metadata": {}},
    ]}
    path = tmp_path / "odd.ipynb"
    path.write_text(json.dumps(doc), encoding="utf-8")
    sub = load_submission(path)
    assert [p.where for p in sub.problems] == ["cell 2", "cell 3"]
    assert location(sub, sub.functions["f"].line) == "cell 4, line 1"


def test_nbformat_3_notebook(tmp_path):
    doc = {"nbformat": 3, "worksheets": [{"cells": [
        {"cell_type": "markdown", "source": ["# hi"]},
        {"cell_type": "code", "input": ["import numpy as np\n", "def g(a):\n", "    return a\n"]},
    ]}]}
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps(doc), encoding="utf-8")
    sub = load_submission(path)
    assert location(sub, sub.functions["g"].line) == "cell 2, line 2"


def test_empty_notebook_is_a_problem(tmp_path):
    path = write_notebook(tmp_path / "blank.ipynb", [("markdown", "nothing"), ("code", "")])
    sub = load_submission(path)
    assert "empty" in sub.problems[0].message and sub.functions == {}


def test_non_utf8_notebook_is_located_and_recovered(tmp_path):
    data = json.dumps(notebook_json([("code", "def f(x):\n    return x  # caf\u00e9\n")]),
                      ensure_ascii=False, indent=1).encode("utf-8").replace(
        "\u00e9".encode("utf-8"), b"\xe9")
    path = tmp_path / "latin.ipynb"
    path.write_bytes(data)
    sub = load_submission(path)
    assert "f" in sub.functions
    (problem,) = sub.problems
    line = data[: data.index(b"\xe9")].count(b"\n") + 1
    assert "not UTF-8" in problem.message and problem.where == f"line {line} of the .ipynb file"


def test_export_helper_writes_what_nbconvert_would(tmp_path):
    text = write_export(tmp_path / "x.py").read_text(encoding="utf-8")
    assert "get_ipython().run_line_magic('matplotlib', 'inline')" in text
    assert "# In[1]:" in text


def test_a_function_nested_too_deep_loses_only_its_cell(tmp_path):
    number = cell_number("compute_cost")
    deep = "def compute_cost(A2, Y):\n    return " + "1 + " * 600 + "1\n"
    path = write_notebook(tmp_path / "deep.ipynb", with_cell(CELLS, number, deep))
    sub = load_submission(path)
    assert set(sub.functions) == set(GRADED) - {"compute_cost"}
    (problem,) = sub.problems
    assert problem.where == f"cell {number}, line 1" and problem.lost == ("compute_cost",)
    assert "nested too deeply" in problem.message


def test_cells_past_the_cap_are_not_read_and_named(tmp_path, monkeypatch):
    from grader.grading import submission

    monkeypatch.setattr(submission, "MAX_CODE_CELLS", 3)
    cells = [("code", "import numpy as np"), ("markdown", "# f"),
             ("code", "def f():\n    return 1"), ("code", "def g():\n    return 2"), ("code", "def h():\n    return 3"),
             ("code", "x = 1")]
    sub = load_submission(write_notebook(tmp_path / "many.ipynb", cells))
    assert set(sub.functions) == {"f", "g"}
    (problem,) = sub.problems
    assert problem.where == "cell 5"
    assert problem.message.startswith("2 code cells were not read (cells 5, 6): grading reads "
                                      "at most 3 code cells")
    # Where lines are still maps back to the student's cells, after the gap.
    assert location(sub, sub.functions["g"].line) == "cell 4, line 1"


def test_cells_of_top_level_calls_cannot_push_the_functions_out(tmp_path, monkeypatch):
    from grader.grading import submission

    monkeypatch.setattr(submission, "MAX_CODE_CELLS", 3)   # tests/hostile notebook_many_cells
    cells = [("code", "import numpy as np")] + [("code", "x = print(1)")] * 5 + [
        ("code", "def f():\n    return np.ones(1)")]
    sub = load_submission(write_notebook(tmp_path / "calls.ipynb", cells))
    assert set(sub.functions) == {"f"}
    assert location(sub, sub.functions["f"].line) == "cell 7, line 1"
    (problem,) = sub.problems
    assert problem.message.startswith("4 code cells were not read (cells 3, 4, 5, 6)")


def test_a_notebook_of_countless_json_arrays_is_refused_before_parsing(tmp_path):
    path = tmp_path / "arrays.ipynb"   # [] costs json ~80 bytes: 20 MB of them ~550 MB
    path.write_text('{"cells": [], "x": [' + "[]," * 1_000_000 + '0]}')
    sub = load_submission(path)
    assert sub.functions == {}
    assert "1000003 JSON arrays and objects" in sub.problems[0].message
