"""The `grader` command: a thin dispatcher over the domain.

Each sub-command lives in grader/commands/<name>.py with `add_arguments(parser)` and `run(args)`.
Those modules import nothing heavy at module level, so `grader quiz` starts fast and `grader grade`
does not pay for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from grader.errors import UserError

# name -> one-line help; the module grader.commands.<name> implements it.
COMMANDS = {
    "grade": "grade a NumPy submission (.py or .ipynb) against the reference engine",
    "train": "train the reference network on a named dataset and print its cost and accuracy",
    "quiz": "take the week-3 quiz in the terminal app",
    "validate": "check question-bank YAML files and report every problem as file:line:column",
    "doctor": "show which isolation layers this machine offers the grader",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader",
        description="Quiz and auto-grader for the shallow neural networks week.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        module = importlib.import_module(f"grader.commands.{name}")
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    try:
        return int(args._run(args) or 0)
    except UserError as error:
        print(f"grader: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("grader: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
