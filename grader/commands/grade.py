"""`grader grade PATH`: grade a NumPy submission (.py or .ipynb) against the reference engine.

Exit status: 0 every check passed, 1 graded with failures, 2 could not grade. Kept import-light:
the grading machinery (NumPy included) is imported only when the command runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback

from grader.errors import UserError


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0.1 <= value <= 600:
        raise argparse.ArgumentTypeError("give between 0.1 and 600 seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="the .py or .ipynb file to grade")
    parser.add_argument("--exercise", help="planar or activations (detected when not given)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text report, or Gradescope results.json")
    parser.add_argument("--seed", type=int, help="seed of the fresh inputs (to reproduce a run)")
    parser.add_argument("--timeout", type=_seconds, metavar="SECONDS",
                        help="time limit for each function (default: the check table's)")
    parser.add_argument("--output", metavar="FILE", help="write the report here, not to stdout")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the feedback (default en)")


def _grade(args):
    """grade_file, with a bug of ours turned into a could-not-grade: the student still gets a
    valid results.json, exit 2 and one line (GRADER_DEBUG=1 shows the traceback)."""
    from grader.grading.grade import grade_file

    try:
        return grade_file(args.path, exercise=args.exercise, seed=args.seed, lang=args.lang,
                          timeout=args.timeout)
    except UserError:
        raise
    except Exception as error:
        if os.environ.get("GRADER_DEBUG"):
            traceback.print_exc()
        raise UserError(f"{args.path}: could not grade: the grader itself failed "
                        f"({type(error).__name__}); this is a bug in the grader, not in your "
                        "code") from None


def run(args: argparse.Namespace) -> int:
    from grader.grading import sandbox

    if hasattr(sandbox, "warm_up"):
        sandbox.warm_up()   # the fork server starts while the rest of the grader loads
    try:
        report = _grade(args)
    except UserError as error:
        if args.format == "json":
            # Gradescope needs a results.json even when nothing could be graded.
            from grader.grading.gradescope import could_not_grade

            _write(args, json.dumps(could_not_grade(str(error)), ensure_ascii=False, indent=2) + "\n")
        raise
    if args.format == "json":
        from grader.grading.gradescope import to_gradescope

        text = json.dumps(to_gradescope(report), ensure_ascii=False, indent=2) + "\n"
    else:
        from grader.grading.report_text import render_text

        text = render_text(report)
    _write(args, text)
    return report.exit_code


def _write(args: argparse.Namespace, text: str) -> None:
    if args.output:
        try:
            with open(args.output, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as error:
            raise UserError(f"{args.output}: cannot write the report ({error.strerror})") from None
    else:
        sys.stdout.write(text)
