"""Where the built-in content (question banks, exercises) lives.

In a checkout it sits at the top level (quizzes/, exercises/); a wheel carries the same folders
inside the package as grader/_builtin/. This is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _builtin(name: str) -> Path:
    installed = _PACKAGE / "_builtin" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def quizzes_dir() -> Path:
    """Folder of the built-in question banks (*.yaml)."""
    return _builtin("quizzes")


def exercises_dir() -> Path:
    """Folder of the built-in exercises (one sub-folder each)."""
    return _builtin("exercises")
