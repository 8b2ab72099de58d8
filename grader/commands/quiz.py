"""`grader quiz`: the terminal quiz (home screen, questions, results, progress that survives).

Only argparse at import time: textual and the quiz domain load inside run(), so other commands
do not pay for them.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

# Set by the start-up benchmark: quit as soon as the first question is on screen.
EXIT_AFTER_FIRST_QUESTION_ENV = "GRADER_QUIZ_EXIT_AFTER_FIRST_QUESTION"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--file", action="append", type=Path, default=[], metavar="PATH",
                        help="also offer this question bank (YAML); may be given more than once")
    parser.add_argument("--seed", type=int, metavar="N",
                        help="shuffle seed of a new attempt: the same seed replays the same "
                             "questions and option order")
    parser.add_argument("--data-dir", type=Path, metavar="PATH",
                        help="where progress is kept (default: $GRADER_DATA_DIR, else "
                             "$XDG_DATA_HOME/shallow-grader, else ~/.local/share/shallow-grader)")
    parser.add_argument("--start", action="store_true",
                        help="skip the home screen: resume or start the quiz straight away "
                             "(the first --file, else the built-in week-3 quiz)")
    parser.add_argument("--lang", choices=("en", "zh"),
                        help="language to show (remembered); l or F2 switches in the app")


def _problems(paths: list[Path]) -> list[str]:
    """Every problem of the banks named with --file, as path:line:column: message."""
    from grader.quiz.loader import validate_files

    return [str(problem) for problem in validate_files(paths)]


def run(args: argparse.Namespace) -> int:
    import sys

    files = [Path(path) for path in args.file]
    if files:
        problems = _problems(files)
        if problems:
            for line in problems:
                print(line, file=sys.stderr)
            return 1

    from grader.store.paths import default_data_dir
    from grader.tui.config import AppConfig

    config = AppConfig(
        data_dir=(args.data_dir or default_data_dir()).expanduser(),
        extra_files=tuple(files),
        seed=args.seed,
        start=args.start,
        locale=args.lang,
        exit_after_first_question=bool(os.environ.get(EXIT_AFTER_FIRST_QUESTION_ENV)),
    )
    from grader.tui.app import QuizApp

    app = QuizApp(config)
    app.run()
    return app.return_code or 0
