"""Helpers the grading tests share (conftest makes this importable as `grading_support`)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from grader.grading.exercise import find_exercise
from grader.grading.grade import grade_submission
from grader.grading.gradescope import to_gradescope
from grader.grading.submission import load_submission

SOLUTIONS = Path(__file__).resolve().parent / "solutions"
PLANAR = SOLUTIONS / "planar_correct.py"
ACTIVATIONS = SOLUTIONS / "activations_correct.py"


def mutated(tmp_path: Path, base: Path, edits: list[tuple[str, str]], name: str = "sub.py") -> Path:
    """A copy of `base` with each (old, new) replaced; old must be there (no silent no-op)."""
    text = base.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, f"{old!r} is not in {base.name}"
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def grade_only(path: Path, exercise: str, functions: tuple[str, ...], seed: int = 1234, **kw):
    """Grade just `functions` (one sandboxed call each) to keep the suite fast."""
    full = find_exercise(exercise)
    chosen = tuple(spec for spec in full.functions if spec.name in functions)
    assert len(chosen) == len(functions)
    return grade_submission(load_submission(path), replace(full, functions=chosen), seed=seed, **kw)


def diagnoses(report) -> dict[str, str | None]:
    """function: check -> diagnosis code, read from the Gradescope JSON."""
    return {test["name"]: test["extra_data"]["diagnosis"] for test in to_gradescope(report)["tests"]}


def verdicts(report) -> tuple:
    """What a student would see change between runs: every check's verdict and diagnoses."""
    return tuple((c.function, c.check, c.verdict, c.diagnoses) for c in report.checks)
