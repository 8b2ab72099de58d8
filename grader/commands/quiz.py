"""`grader quiz` (to be built; see its issue)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    print("grader quiz: not available yet")
    return 2
