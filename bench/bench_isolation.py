"""What the sandbox's isolation layers cost: the same grading with every layer on
(isolation="full") against a bare subprocess per call (isolation="plain"), in one run.

    .venv/bin/python bench/bench_isolation.py [--runs N]

One process grades a small set of submissions (a correct one, a buggy one, the notebook form)
through the grading API, alternating full and plain for each submission in every round, after
one unmeasured warm-up round. Wall time per submission is grade_file() start to finish, so both
modes pay the same parent-side work (loading, planning, judging) and differ only in how the
student's code is run. Prints the layers "full" has on this machine, the median per submission
and mode, the median over all submissions, and the overhead of full over plain; then "goal met"
or "goal missed" (goal: at most 30 % over plain). Exits non-zero only on errors: a grading
that raises, or full and plain grading the same file differently.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's grader, also when run without installing

from grader.grading.grade import grade_file  # noqa: E402

SUBMISSIONS = ROOT / "tests" / "hostile" / "submissions"
FILES = ("honest.py", "honest_buggy.py", "honest.ipynb")
MODES = ("full", "plain")
GOAL_OVERHEAD = 0.30


def layers_text() -> str:
    try:
        from grader.grading.sandbox import available_layers
    except ImportError:
        return "(available_layers() not provided by the sandbox)"
    try:
        layers = available_layers()
    except Exception as error:  # a bench still worth running: say why the list is missing
        return f"(available_layers() failed: {type(error).__name__}: {error})"
    parts = []
    for layer in layers:
        name = getattr(layer, "name", str(layer))
        active = getattr(layer, "active", True)
        parts.append(name if active else f"{name} (unavailable)")
    return ", ".join(parts) or "(none)"


def outcome(report) -> list[tuple[str, str, str]]:
    return [(c.function, c.check, c.verdict) for c in report.checks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured rounds (>= 5)")
    args = parser.parse_args(argv)
    runs = max(5, args.runs)
    paths = [SUBMISSIONS / name for name in FILES]

    times: dict[tuple[str, str], list[float]] = {(f, m): [] for f in FILES for m in MODES}
    verdicts: dict[tuple[str, str], list] = {}
    for round_index in range(runs + 1):          # round 0 is the warm-up
        for path in paths:
            # Alternate which mode goes first, so neither always runs on a warmer cache.
            order = MODES if round_index % 2 == 0 else MODES[::-1]
            for mode in order:
                start = time.perf_counter()
                report = grade_file(path, seed=1, isolation=mode)
                seconds = time.perf_counter() - start
                verdicts.setdefault((path.name, mode), outcome(report))
                if round_index:
                    times[(path.name, mode)].append(seconds)
        if round_index:
            row = "   ".join(f"{f} {times[(f, 'full')][-1]:.3f}/"
                             f"{times[(f, 'plain')][-1]:.3f}" for f in FILES)
            print(f"round {round_index} (full/plain s): {row}", flush=True)

    differing = [f for f in FILES if verdicts[(f, "full")] != verdicts[(f, "plain")]]
    if differing:
        for name in differing:
            print(f"error: {name} is graded differently: full {verdicts[(name, 'full')]} "
                  f"vs plain {verdicts[(name, 'plain')]}")
        return 1

    print(f"layers of isolation=full here: {layers_text()}  ({os.cpu_count()} CPUs, {runs} rounds)")
    print(f"{'submission':<18}{'full (s)':>10}{'plain (s)':>11}{'overhead':>10}")
    for name in FILES:
        full = statistics.median(times[(name, "full")])
        plain = statistics.median(times[(name, "plain")])
        print(f"{name:<18}{full:>10.3f}{plain:>11.3f}{(full / plain - 1) * 100:>9.1f}%")
    full_all = statistics.median(t for f in FILES for t in times[(f, "full")])
    plain_all = statistics.median(t for f in FILES for t in times[(f, "plain")])
    overhead = full_all / plain_all - 1
    print(f"{'all (median)':<18}{full_all:>10.3f}{plain_all:>11.3f}{overhead * 100:>9.1f}%")
    met = overhead <= GOAL_OVERHEAD
    print(f"{'goal met' if met else 'goal missed'} (goal: full at most {GOAL_OVERHEAD:.0%} over "
          f"plain per submission; measured {overhead:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
