"""load_submission on .py files: what is kept, dropped, found and reported, with lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from grader.errors import UserError
from grader.grading.submission import load_submission, location

FIXTURES = Path(__file__).parent / "fixtures"


def line_of(path: Path, text: str) -> int:
    """1-based line of the first line of `path` that starts with `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(text):
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_clean_file_keeps_definitions_at_their_original_lines():
    path = FIXTURES / "planar_submission.py"
    sub = load_submission(path)
    assert sub.kind == "py" and sub.filename == "planar_submission.py"
    assert sub.problems == ()
    assert set(sub.functions) == {"layer_sizes", "initialize_parameters", "forward_propagation",
                                  "compute_cost", "update_parameters"}
    original = path.read_text(encoding="utf-8").splitlines()
    produced = sub.source.splitlines()
    for info in sub.functions.values():
        assert info.line == line_of(path, f"def {info.name}(")
        # The text at that line of the module is the student's own def line.
        assert produced[info.line - 1] == original[info.line - 1]
        assert location(sub, info.line) == f"line {info.line}"
        assert info.free_globals == frozenset()
    assert sub.functions["update_parameters"].params == ("parameters", "grads", "learning_rate")


def test_main_guard_is_dropped_and_constant_kept():
    sub = load_submission(FIXTURES / "planar_submission.py")
    assert "LEARNING_RATE = 1.2" in sub.source
    assert "__main__" not in sub.source and "print(" not in sub.source
    guard = line_of(FIXTURES / "planar_submission.py", "if __name__")
    assert sub.dropped == (f"line {guard}: if __name__ == '__main__' block",)


def test_only_the_imported_course_modules_are_provided():
    sub = load_submission(FIXTURES / "planar_submission.py")
    assert set(sub.modules) == {"planar_utils"}
    assert "def load_planar_dataset" in sub.modules["planar_utils"]


def test_syntax_error_loses_only_the_broken_function_and_says_where():
    path = FIXTURES / "syntax_error_in_one_function.py"
    sub = load_submission(path)
    assert set(sub.functions) == {"layer_sizes", "compute_cost"}
    assert sub.functions["compute_cost"].line == line_of(path, "def compute_cost(")
    (problem,) = sub.problems
    # Python reports the unclosed parenthesis of `A1 = np.tanh(Z1` (or the line after it).
    broken = line_of(path, "    A1 = np.tanh(Z1")
    assert problem.line in (broken, broken + 1)
    assert problem.where == f"line {problem.line}"
    assert "SyntaxError" in problem.message and "forward_propagation" in problem.message
    assert problem.lost == ("forward_propagation",)
    ast.parse(sub.source)   # what the child gets always loads


def test_function_reading_a_notebook_global_names_it():
    path = FIXTURES / "uses_global_parameters.py"
    sub = load_submission(path)
    assert sub.functions["compute_cost"].free_globals == frozenset({"parameters"})
    # `parameters` is predict's own argument there, so not a global.
    assert sub.functions["predict"].free_globals == frozenset()
    # The global's definition and the data loading are not in what the child runs.
    assert "load_planar_dataset()" not in sub.source
    assert "parameters = {" not in sub.source
    dropped = " | ".join(sub.dropped)
    assert "X, Y = load_planar_dataset(...)" in dropped
    assert "parameters = {" in dropped and "cost = compute_cost(...)" in dropped


def test_non_utf8_file_is_a_located_problem_and_still_recovered():
    sub = load_submission(FIXTURES / "not_utf8.py")
    (problem,) = sub.problems
    assert problem.line == 3 and problem.where == "line 3"
    assert "UTF-8" in problem.message
    assert set(sub.functions) == {"layer_sizes"}


def test_empty_file_is_a_problem_not_a_crash():
    sub = load_submission(FIXTURES / "empty.py")
    assert sub.functions == {}
    (problem,) = sub.problems
    assert "empty" in problem.message and problem.where == "whole file"


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    path = tmp_path / "locked.py"
    path.write_text("def f():\n    return 1\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    # chmod 0 does not stop root, so make the read itself fail.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    sub = load_submission(path)
    assert sub.functions == {} and sub.source == ""
    (problem,) = sub.problems
    assert "could not be read (Permission denied)" in problem.message
    assert problem.where == "whole file"


def test_missing_path_and_folder_raise_user_error(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        load_submission(tmp_path / "nope.py")
    with pytest.raises(UserError, match="folder"):
        load_submission(tmp_path)


def test_mixed_line_keeps_the_definition_and_drops_the_call(tmp_path):
    path = tmp_path / "mixed.py"
    path.write_text("X = load(); import numpy as np\nimport copy; copy.copy(1)\n"
                    "def f(x):\n    return np.sum(x)\n")
    sub = load_submission(path)
    ast.parse(sub.source)
    lines = sub.source.splitlines()
    assert "import numpy as np" in lines[0] and "load" not in lines[0]
    assert "import copy" in lines[1] and "copy.copy" not in lines[1]
    assert sub.functions["f"].line == 3 and sub.functions["f"].free_globals == frozenset()


def test_third_party_import_is_provided_as_unavailable_and_reported(tmp_path):
    path = tmp_path / "torchy.py"
    path.write_text("import numpy as np\nimport torch\n\ndef f(x):\n    return torch.sigmoid(x)\n")
    sub = load_submission(path)
    (problem,) = sub.problems
    assert problem.line == 2 and "'torch'" in problem.message and problem.lost == ()
    assert "torch" in sub.modules
    # The import stays, so `torch` is not mistaken for a notebook global.
    assert sub.functions["f"].free_globals == frozenset()


def test_huge_file_is_refused_as_a_problem(tmp_path, monkeypatch):
    from grader.grading import submission

    monkeypatch.setattr(submission, "MAX_BYTES", 100)
    path = tmp_path / "big.py"
    path.write_text("x = 1\n" * 50)
    sub = load_submission(path)
    assert sub.functions == {} and "too large" in sub.problems[0].message


def test_import_guarded_by_try_is_left_to_the_student(tmp_path):
    path = tmp_path / "guarded.py"
    path.write_text("import numpy as np\ntry:\n    from scipy.special import expit\n"
                    "except ImportError:\n    def expit(z):\n        return 1 / (1 + np.exp(-z))\n")
    sub = load_submission(path)
    assert sub.problems == () and sub.modules == {}
    assert sub.functions["expit"].line == 5 and sub.functions["expit"].params == ("z",)


def test_relative_import_and_grader_import_are_dropped(tmp_path):
    path = tmp_path / "rel.py"
    path.write_text("from . import helpers\nimport grader.engine\n\ndef f():\n    return 1\n")
    sub = load_submission(path)
    assert sub.dropped == ("lines 1-2: from . import helpers, import grader.engine",)
    assert "import" not in sub.source and sub.modules == {}


def test_statement_the_compiler_rejects_is_skipped_and_located(tmp_path):
    path = tmp_path / "compile.py"
    path.write_text("import numpy as np\n\ndef f(x):\n    break\n\n"
                    "def g(x, x):\n    return x\n\ndef h(x):\n    return np.sum(x)\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"h"}
    assert [(p.line, p.where) for p in sub.problems] == [(4, "line 4"), (6, "line 6")]
    assert "'break' outside loop (function f skipped)" in sub.problems[0].message
    assert "function g skipped" in sub.problems[1].message
    assert [p.lost for p in sub.problems] == [("f",), ("g",)]
    compile(sub.source, "x", "exec")


@pytest.mark.parametrize("body", [
    "1 + " * 2_400 + "1",    # the parser builds it, turning it into objects recurses too deep
    "-" * 9_000 + "1",       # the parser's own stack guard (MemoryError)
    "1 + " * 500 + "1",      # parses, but deeper than the analysis walks
    "f" + "(1)" * 500,
], ids=["sum_2400", "unary_9000", "sum_500", "calls_500"])
def test_pathologically_nested_function_loses_only_itself(tmp_path, body):
    path = tmp_path / "deep.py"
    path.write_text("import numpy as np\n\ndef f():\n    return 1\n\n"
                    f"def compute_cost(A2, Y):\n    return {body}\n\n"
                    "def g():\n    return 2\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"f", "g"}
    (problem,) = sub.problems
    assert (problem.line, problem.where, problem.lost) == (6, "line 6", ("compute_cost",))
    assert problem.message == ("the code is nested too deeply to analyse "
                               "(function compute_cost at lines 6-7 skipped)")
    compile(sub.source, "x", "exec")


def test_a_line_too_long_to_analyse_loses_only_its_block(tmp_path):
    path = tmp_path / "long.py"   # tests/hostile deep_expression: a sum of 100000 ones
    path.write_text("def f():\n    return 1\n\ndef compute_cost(A2, Y):\n    return "
                    + "+".join(["1"] * 100_000) + "\n\ndef g():\n    return 2\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"f", "g"}
    (problem,) = sub.problems
    assert (problem.line, problem.where, problem.lost) == (4, "line 4", ("compute_cost",))
    assert problem.message == ("a line is too long to analyse (200010 characters; at most "
                               "10000) (function compute_cost at lines 4-5 skipped)")


def test_def_whose_default_reads_a_notebook_global_is_skipped_not_fatal(tmp_path):
    path = tmp_path / "defaults.py"
    path.write_text(
        "import numpy as np\nlearning_rate = compute_rate()\nHIDDEN = 4\n\n"
        "def update(p, g, lr=learning_rate):\n    return p - lr * g\n\n"
        "def sizes(X, Y, n_h=HIDDEN, scale=[i for i in range(2)]):\n    return X.shape[0], n_h\n\n"
        "@np.vectorize\ndef step(z: np.ndarray = np.zeros(1)) -> float:\n    return z\n\n"
        "class Net(Base):\n    pass\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"sizes", "step"}
    assert [(p.line, p.where) for p in sub.problems] == [(5, "line 5"), (15, "line 15")]
    assert "function update reads learning_rate when it is defined" in sub.problems[0].message
    assert "class Net reads Base" in sub.problems[1].message
    assert [p.lost for p in sub.problems] == [("update",), ("Net",)]
    compile(sub.source, "x", "exec")


def test_parsing_prints_no_warnings_about_the_students_style(tmp_path):
    import warnings

    path = tmp_path / "style.py"
    path.write_text('import re\n\ndef f(x):\n    return re.match("\\d+", x) and x is 1\n')
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sub = load_submission(path)
    assert set(sub.functions) == {"f"}


# ---------------------------------------------------------------- hostile sizes (tests/hostile)

HONEST = "import numpy as np\n\ndef f(x):\n    return np.sum(x)\n\n"


def test_many_dropped_statements_load_fast_and_are_summarised(tmp_path):
    import time

    path = tmp_path / "many.py"    # tests/hostile many_statements: took the parent 15-35 s
    path.write_text(HONEST + "x = print(1)\n" * 200_000)
    started = time.perf_counter()
    sub = load_submission(path)
    assert time.perf_counter() - started < 5
    assert set(sub.functions) == {"f"}
    (problem,) = sub.problems
    assert problem.message.startswith("the code from here on was not read: grading reads at "
                                      "most 128 KB of code (this file has 2539 KB)")
    assert problem.where == f"line {problem.line}" and problem.line > 10_000
    (dropped,) = sub.dropped
    assert dropped.startswith("lines 6-") and dropped.endswith(" statements)")
    compile(sub.source, "x", "exec")


def test_code_past_the_cap_is_not_read_and_its_line_is_given(tmp_path, monkeypatch):
    from grader.grading import submission

    monkeypatch.setattr(submission, "MAX_CODE_CHARS", len(HONEST) + 30)
    path = tmp_path / "long.py"
    path.write_text(HONEST + "def g():\n    return 1\n\ndef h():\n    return 2\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"f", "g"}
    (problem,) = sub.problems
    assert (problem.line, problem.where) == (9, "line 9")
    assert "not read" in problem.message


def test_a_flood_of_syntax_errors_stops_being_analysed(tmp_path):
    from grader.grading.submission import MAX_LISTED

    path = tmp_path / "flood.py"
    path.write_text(HONEST + "x = (\n" * 5_000 + "def g():\n    return 1\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"f"}
    assert len(sub.problems) == MAX_LISTED
    assert sub.problems[-1].message == ("SyntaxError: too many syntax errors; the code from "
                                        "here on was not analysed (function g at lines "
                                        "55-5007 skipped)")


def test_a_flood_of_problems_is_listed_briefly(tmp_path):
    from grader.grading.submission import MAX_LISTED

    path = tmp_path / "dup.py"
    path.write_text(HONEST + "def g(a, a):\n    pass\n" * 3_000)
    sub = load_submission(path)
    assert set(sub.functions) == {"f"}
    assert len(sub.problems) == MAX_LISTED + 1
    assert sub.problems[-1].message == (f"{3_000 - MAX_LISTED} more problems from here on, "
                                        "not listed")
    assert sub.problems[-1].where == f"line {6 + 2 * MAX_LISTED}"


def test_a_chain_of_classes_on_an_undefined_base_is_skipped_in_one_pass(tmp_path):
    import time

    path = tmp_path / "chain.py"   # was one whole-module compile per skipped class
    path.write_text(HONEST + "class A0(Missing):\n    pass\n" + "".join(
        f"class A{i + 1}(A{i}):\n    pass\n" for i in range(3_000)))
    started = time.perf_counter()
    sub = load_submission(path)
    assert time.perf_counter() - started < 5
    assert set(sub.functions) == {"f"} and "class" not in sub.source
    assert "class A0 reads Missing" in sub.problems[0].message
    assert "class A1 reads A0" in sub.problems[1].message


def test_def_reading_a_name_defined_further_down_is_skipped(tmp_path):
    path = tmp_path / "order.py"
    path.write_text("def f(x, rate=RATE):\n    return x * rate\n\nRATE = 0.5\n\n"
                    "def g(x, rate=RATE):\n    return x * rate\n")
    sub = load_submission(path)
    assert set(sub.functions) == {"g"}     # Python itself would stop at f with a NameError
    (problem,) = sub.problems
    assert problem.line == 1 and "function f reads RATE" in problem.message
