"""Which question banks there are: the built-in ones, the user's folder, and files named on the
command line. A broken bank is listed with its problems rather than hidden, so the app can say why.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from grader.content import quizzes_dir
from grader.quiz.loader import Problem, QuizError, load_quiz
from grader.quiz.model import Quiz
from grader.store.paths import default_data_dir

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class QuizEntry:
    path: Path
    quiz: Quiz | None  # None when the file has problems
    problems: list[Problem] = field(default_factory=list)
    builtin: bool = False


def user_quiz_dir(data_dir: Path | None = None) -> Path:
    """$GRADER_QUIZ_DIR, else <data dir>/quizzes (data_dir, else the default data folder)."""
    explicit = os.environ.get("GRADER_QUIZ_DIR")
    if explicit:
        return Path(explicit).expanduser()
    return (data_dir or default_data_dir()) / "quizzes"


def _banks_in(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())


def _entry(path: Path, builtin: bool) -> QuizEntry:
    try:
        return QuizEntry(path, load_quiz(path), [], builtin)
    except QuizError as error:
        return QuizEntry(path, None, error.problems, builtin)


def available_quizzes(extra_files: Sequence[Path] = (), data_dir: Path | None = None
                      ) -> list[QuizEntry]:
    """Built-in banks, then the user's (*.yaml in user_quiz_dir()), then `extra_files`.

    A file reached twice (e.g. named on the command line and also in the user folder) is listed
    once, where it first appears.
    """
    entries: list[QuizEntry] = []
    seen: set[Path] = set()
    sources = [(p, True) for p in _banks_in(quizzes_dir())]
    sources += [(p, False) for p in _banks_in(user_quiz_dir(data_dir))]
    sources += [(Path(p), False) for p in extra_files]
    for path, builtin in sources:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            entries.append(_entry(path, builtin))
    return entries


def quiz_key(quiz: Quiz) -> str:
    """What identifies a bank in the progress store: its id and where it lives.

    Built-in banks are keyed by their name inside the built-in folder, so progress survives
    moving from a checkout to an installed wheel.
    """
    if quiz.path is None:
        return f"{quiz.id}@memory"
    path = quiz.path.resolve()
    builtin = quizzes_dir().resolve()
    if path.is_relative_to(builtin):
        return f"{quiz.id}@builtin:{path.relative_to(builtin).as_posix()}"
    return f"{quiz.id}@{path.as_posix()}"
