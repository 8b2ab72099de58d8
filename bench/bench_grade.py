"""How long `grader grade` takes on a correct planar submission, against a floor.

    .venv/bin/python bench/bench_grade.py [--runs N] [--submission PATH]

Grade: the real command, `grader grade PATH --format json --seed 1`, in a fresh process.
Floor: a fresh `python -c` that imports the grading API and grades the same file with the same
seed and the same checks, isolation="inprocess" (the student's code runs in that process: no
child processes, no sandbox), and prints the same JSON. Both sides pay for starting Python and
importing NumPy and the grader; the difference is what isolation costs.

The two are interleaved (grade, floor, grade, floor, ...) after one unmeasured warm-up each, so
a busy machine slows both alike. Prints every run, the medians and their ratio, then "goal met"
or "goal missed" (goal: median grade <= 0.5 s and <= 2.5x the floor). Exits non-zero only when
a run fails (bad exit status, invalid JSON, or a check that did not pass), never on a missed goal.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from user_env import user_env

ROOT = Path(__file__).resolve().parents[1]
SUBMISSION = ROOT / "tests" / "hostile" / "submissions" / "honest.py"
GOAL_SECONDS = 0.5
GOAL_RATIO = 2.5

FLOOR = """
import json, sys
from grader.grading.grade import grade_file
from grader.grading.gradescope import to_gradescope
report = grade_file(sys.argv[1], seed=1, isolation="inprocess")
sys.stdout.write(json.dumps(to_gradescope(report), ensure_ascii=False, indent=2) + "\\n")
sys.exit(report.exit_code)
"""


def grader_command() -> list[str]:
    script = Path(sys.executable).with_name("grader")
    return [str(script)] if script.exists() else [sys.executable, "-m", "grader"]


def timed(command: list[str], what: str, cwd: Path) -> float:
    """Wall seconds of one run; SystemExit with the reason if the run is not a clean pass."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=user_env(),
                            stdin=subprocess.DEVNULL, timeout=300)
    seconds = time.perf_counter() - start
    try:
        report = json.loads(result.stdout)
        failed = [t["name"] for t in report["tests"] if t["status"] != "passed"]
    except (ValueError, KeyError, TypeError) as error:
        raise SystemExit(f"error: {what} printed no valid report ({error}); "
                         f"status {result.returncode}; stderr: {result.stderr[-400:]}")
    if result.returncode != 0 or failed:
        raise SystemExit(f"error: {what} did not pass the correct submission (status "
                         f"{result.returncode}, failed: {failed}); stderr: {result.stderr[-400:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each (>= 5)")
    parser.add_argument("--submission", type=Path, default=SUBMISSION)
    args = parser.parse_args(argv)
    runs = max(5, args.runs)

    with tempfile.TemporaryDirectory(prefix="bench-grade-") as folder:
        path = Path(folder) / args.submission.name
        path.write_bytes(args.submission.read_bytes())
        grade = grader_command() + ["grade", str(path), "--format", "json", "--seed", "1"]
        floor = [sys.executable, "-c", FLOOR, str(path)]
        timed(grade, "grader grade (warm-up)", Path(folder))
        timed(floor, "the in-process floor (warm-up)", Path(folder))
        grade_times, floor_times = [], []
        for index in range(runs):
            grade_times.append(timed(grade, "grader grade", Path(folder)))
            floor_times.append(timed(floor, "the in-process floor", Path(folder)))
            print(f"run {index + 1}: grade {grade_times[-1]:.3f} s   floor {floor_times[-1]:.3f} s",
                  flush=True)

    grade_median = statistics.median(grade_times)
    floor_median = statistics.median(floor_times)
    ratio = grade_median / floor_median
    shown = (args.submission.relative_to(ROOT) if args.submission.is_relative_to(ROOT)
             else args.submission)
    print(f"submission: {shown}  ({runs} runs each, {os.cpu_count()} CPUs)")
    print(f"grader grade (isolation=full):  median {grade_median:.3f} s")
    print(f"floor (python -c, inprocess):   median {floor_median:.3f} s")
    print(f"ratio grade/floor:              {ratio:.2f}x")
    met = grade_median <= GOAL_SECONDS and ratio <= GOAL_RATIO
    verdict = "goal met" if met else "goal missed"
    print(f"{verdict} (goal: median <= {GOAL_SECONDS} s and <= {GOAL_RATIO}x the floor; "
          f"{'ok' if grade_median <= GOAL_SECONDS else 'over'} on time, "
          f"{'ok' if ratio <= GOAL_RATIO else 'over'} on ratio)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
