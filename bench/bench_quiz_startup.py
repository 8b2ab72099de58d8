"""Start-up time of `grader quiz`: from launch to the first question on screen.

Runs the .venv's real console script under a pseudo-terminal (100x30), with a fresh data dir,
a fixed seed and --start (straight to the built-in quiz's first question). The environment
variable GRADER_QUIZ_EXIT_AFTER_FIRST_QUESTION makes the app quit as soon as that question has
been drawn; the time measured is from launch until the first question's progress line
("Question 1 of ...") is written to the terminal, which is what a student waits for. The floor
is `python -c "import textual.app"`, launch to exit, in the same pty, in the same run.

Goal: median at most 0.6 s and at most 2.5x the floor. Prints both medians and the ratio;
exits 1 only if the app failed to show a question.
"""

from __future__ import annotations

import fcntl
import os
import pty
import resource
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from user_env import user_env

RUNS = 7
GOAL_SECONDS = 0.6
GOAL_RATIO = 2.5
BIN = Path(sys.executable).parent
GRADER = BIN / "grader"


def run_in_pty(argv: list[str], env: dict[str, str], marker: bytes | None = None
               ) -> tuple[float, int, bytes, float]:
    """(seconds, exit code, everything written to the terminal, CPU seconds) of one run.

    seconds: until `marker` was first written to the terminal (on screen), else until exit.
    CPU seconds (user + system, whole run) show what the process costs when the machine is
    busy with other work and wall times stretch.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                               close_fds=True, start_new_session=True)
    os.close(slave)
    output = bytearray()
    seen_at: float | None = None
    while True:  # keep reading so the app never blocks on a full terminal
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            output += chunk
            if marker and seen_at is None and marker in output:
                seen_at = time.perf_counter() - started
            if not chunk and process.poll() is not None:
                break
        elif process.poll() is not None:
            break
        if time.perf_counter() - started > 30:
            process.kill()
            break
    code = process.wait()
    elapsed = time.perf_counter() - started
    os.close(master)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return (seen_at if seen_at is not None else elapsed), code, bytes(output), cpu


def main() -> int:
    env = user_env(drop=("COLUMNS", "LINES"))  # the pty's own size, not this shell's
    env.update(TERM="xterm-256color", LANG="C.UTF-8", GRADER_QUIZ_EXIT_AFTER_FIRST_QUESTION="1")
    floor_cmd = [sys.executable, "-c", "import textual.app"]
    app_times: list[float] = []
    floor_times: list[float] = []
    app_cpu: list[float] = []
    floor_cpu: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        # One warm-up run of each (not counted): bytecode caches written, files in the OS cache.
        run_in_pty(floor_cmd, env)
        run_in_pty([str(GRADER), "quiz", "--start", "--seed", "1", "--data-dir",
                    str(Path(tmp) / "warm-up")], env, marker=b"Question 1 of")
        for run in range(RUNS):  # interleaved, so machine load hits both alike
            seconds, code, _, cpu = run_in_pty(floor_cmd, env)
            floor_cpu.append(cpu)
            if code != 0:
                print(f"floor command failed (exit {code})")
                return 1
            floor_times.append(seconds)
            data_dir = Path(tmp) / f"data-{run}"
            cmd = [str(GRADER), "quiz", "--start", "--seed", "1", "--data-dir", str(data_dir)]
            seconds, code, output, cpu = run_in_pty(cmd, env, marker=b"Question 1 of")
            app_cpu.append(cpu)
            if code != 0 or b"Question 1 of" not in output:
                print(f"grader quiz did not show its first question (exit {code}):")
                print(output[-2000:].decode("utf-8", "replace"))
                return 1
            app_times.append(seconds)
    app, floor = statistics.median(app_times), statistics.median(floor_times)
    ratio = app / floor
    print(f"grader quiz to first question: median {app:.3f} s over {RUNS} runs "
          f"(min {min(app_times):.3f}, max {max(app_times):.3f})")
    print(f"floor (import textual.app):    median {floor:.3f} s over {RUNS} runs "
          f"(min {min(floor_times):.3f}, max {max(floor_times):.3f})")
    print(f"ratio: {ratio:.2f}x")
    print(f"CPU seconds (user+sys, whole run incl. exit): grader quiz median "
          f"{statistics.median(app_cpu):.3f}, floor median {statistics.median(floor_cpu):.3f}, "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    met = app <= GOAL_SECONDS and ratio <= GOAL_RATIO
    print(f"goal (<= {GOAL_SECONDS} s and <= {GOAL_RATIO}x the floor): "
          f"{'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
