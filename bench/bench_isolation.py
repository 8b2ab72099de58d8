"""What the sandbox's isolation layers cost: the same grading with every layer on
(isolation="full") against a bare subprocess per call (isolation="plain"), in one run.

    .venv/bin/python bench/bench_isolation.py [--runs N]

One process grades a small set of submissions (a correct one, a buggy one, the notebook form)
through the grading API in each mode in every round (the order of the modes alternates), after
one unmeasured warm-up round. Wall time per submission is grade_file() start to finish, so both
modes pay the same parent-side work (loading, planning, judging) and differ only in how the
student's code is run. Prints the layers "full" has on this machine, the median per submission
and mode, the median over all submissions, and the overhead of full over plain; then "goal met"
or "goal missed" (goal: at most 30 % over plain). "full" includes the fork server (NumPy
imported once), which "plain" lacks, so it also reports, for information, the same fork server
with its OS layers switched off: the difference is what the namespaces and uid drop cost.
Exits non-zero only on errors: a grading that raises, or two modes grading a file differently.
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
# Informational third mode: "full" with the fork server's namespaces and uid drop switched
# off (the fork server's own option), to show what the OS layers alone cost, since "full"
# also has the fork server, which "plain" lacks.
NO_OS = "full, no OS layers"


def _namespaces(on: bool) -> bool:
    """Restart the fork server with its OS layers on or off; False if this cannot be done."""
    try:
        from grader.grading.sandbox import available_layers, warm_up, zygote
        defaults = zygote.ForkServer.__init__.__defaults__
        if defaults != (True,) and defaults != (False,):
            return False
        zygote.ForkServer.__init__.__defaults__ = (on,)
        zygote.shutdown()
        warm_up()
        available_layers()          # waits until the new server is ready (not timed)
        return True
    except Exception:
        return False


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

    modes = MODES + ((NO_OS,) if _namespaces(True) else ())
    times: dict[tuple[str, str], list[float]] = {(f, m): [] for f in FILES for m in modes}
    verdicts: dict[tuple[str, str], list] = {}
    for round_index in range(runs + 1):          # round 0 is the warm-up
        # Alternate the order of the modes, so none always runs on a warmer cache.
        order = modes if round_index % 2 == 0 else modes[::-1]
        for mode in order:
            if NO_OS in modes:
                _namespaces(mode != NO_OS)
            for path in paths:
                start = time.perf_counter()
                report = grade_file(path, seed=1, isolation="plain" if mode == "plain" else "full")
                seconds = time.perf_counter() - start
                verdicts.setdefault((path.name, mode), outcome(report))
                if round_index:
                    times[(path.name, mode)].append(seconds)
        if round_index:
            row = "   ".join(f"{f} " + "/".join(f"{times[(f, m)][-1]:.3f}" for m in modes)
                             for f in FILES)
            print(f"round {round_index} ({'/'.join(modes)} s): {row}", flush=True)
    if NO_OS in modes:
        _namespaces(True)

    differing = [(f, m) for f in FILES for m in modes if verdicts[(f, m)] != verdicts[(f, "full")]]
    if differing:
        for name, mode in differing:
            print(f"error: {name} is graded differently: full {verdicts[(name, 'full')]} "
                  f"vs {mode} {verdicts[(name, mode)]}")
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
    if NO_OS in modes:
        bare = statistics.median(t for f in FILES for t in times[(f, NO_OS)])
        print(f"informational: {NO_OS} {bare:.3f} s; the PID/mount/network namespaces and the "
              f"uid drop cost {(full_all / bare - 1) * 100:+.1f}% over the same fork server "
              "without them")
    met = overhead <= GOAL_OVERHEAD
    print(f"{'goal met' if met else 'goal missed'} (goal: full at most {GOAL_OVERHEAD:.0%} over "
          f"plain per submission; measured {overhead:+.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
