"""`grader validate`: check question banks and print every problem as path:line:column: message.

With no files it checks the built-in banks and the user's bank folder. Exit status 0 when every
bank is usable, 1 when any has problems, so it fits a pre-commit hook or CI step.
"""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="question-bank YAML files or folders of them "
                             "(default: the built-in banks and your bank folder)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="print only problems, not a line per usable bank")


def _expand(paths: list[Path]) -> list[Path]:
    from grader.quiz.catalog import BANK_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in BANK_SUFFIXES and p.is_file())
            if not found:
                from grader.errors import UserError
                raise UserError(f"{path}: no question banks (*.yaml) in this folder")
            files.extend(found)
        else:
            files.append(path)  # a missing file is reported as a problem of that file
    return files


def run(args: argparse.Namespace) -> int:
    from grader.quiz.catalog import available_quizzes
    from grader.quiz.loader import load_quiz, QuizError

    if args.paths:
        entries = []
        for path in _expand(args.paths):
            try:
                entries.append((path, load_quiz(path), []))
            except QuizError as error:
                entries.append((path, None, error.problems))
    else:
        entries = [(e.path, e.quiz, e.problems) for e in available_quizzes()]
    bad = 0
    for path, quiz, problems in entries:
        for problem in problems:
            print(problem)
        if problems:
            bad += 1
        elif not args.quiet:
            draw = f", {quiz.attempt_size} per attempt" if quiz.draw else ""
            print(f"{path}: ok: {_count(len(quiz.questions), 'question')} in "
                  f"{_count(len(quiz.topics), 'topic')}{draw}, "
                  f"languages {', '.join(_languages(quiz))}")
    if bad:
        count = sum(len(problems) for _, _, problems in entries)
        print(f"{_count(count, 'problem')} in {bad} of {_count(len(entries), 'bank')}")
    return 1 if bad else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _languages(quiz) -> list[str]:
    """The languages every prompt of the bank is written in."""
    from grader.quiz.model import LOCALES

    return [locale for locale in LOCALES
            if all(locale in question.prompt for question in quiz.questions)]
