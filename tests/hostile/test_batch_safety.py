"""Batch safety: honest submissions graded in one process among hostile ones get exactly the
grade they get alone.

There is no batch command yet, so the batch is what one would be: one Python process looping
`grade_file(path, seed=1)` over a folder of mixed submissions, writing each report as it goes.
Each honest file's report must equal the one a fresh `grader grade --format json --seed 1`
gives for a pristine copy of it (execution time aside); the batch process must survive, not
pile up descriptors, threads or memory, and leave the host as it found it.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest


def _harness():
    if "hostile_harness" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_harness",
                                                      Path(__file__).with_name("harness.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["hostile_harness"] = module
        spec.loader.exec_module(module)
    return sys.modules["hostile_harness"]


H = _harness()

HONEST = ("honest.py", "honest_buggy.py", "honest.ipynb")
# Hostile neighbours chosen for what they could do to the next submission or to the batch
# process itself: delete or change files beside them, leave processes, patch modules, print
# into the parent's stdout, kill their parent or a bystander. None of them needs the time
# limit, so the batch stays fast.
BATCH = (
    "honest.py",
    "monkeypatch_numpy.py",
    "honest_buggy.py",
    "delete_sibling.py",          # removes honest.py, graded again below
    "honest.py",
    "write_beside.py",
    "fake_results_json.py",
    "honest.ipynb",
    "parent_stdout_inject.py",
    "lying_array.py",
    "fork_loop.py",
    "setsid_daemon.py",
    "honest_buggy.py",
    "sys_exit_import.py",
    "signal_bystander.py",
    "kill_parent.py",
    "honest.py",
)

RUNNER = r"""
import json, os, sys, threading
from grader.errors import UserError
from grader.grading.grade import grade_file
from grader.grading.gradescope import to_gradescope

def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0

out_path, timeout, paths = sys.argv[1], float(sys.argv[2]) or None, sys.argv[3:]
with open(out_path, "w", encoding="utf-8") as out:
    for index, path in enumerate(paths):
        try:
            report = to_gradescope(grade_file(path, seed=1, timeout=timeout))
        except UserError as error:
            report = {"could_not_grade": str(error)}
        out.write(json.dumps({"index": index, "path": path, "report": report,
                              "fds": len(os.listdir("/proc/self/fd")),
                              "threads": threading.active_count(), "rss_kb": rss_kb()}) + "\n")
        out.flush()
"""


def comparable(report: dict) -> dict:
    """The report minus what may differ between two runs of the same grading (the clock)."""
    return {key: value for key, value in report.items() if key != "execution_time"}


def grade_alone(host, tmp_path, names) -> dict:
    """Each honest file's report from a fresh `grader grade`, on a pristine copy."""
    alone = {}
    for name in names:
        pristine = tmp_path / "alone" / name
        pristine.parent.mkdir(exist_ok=True)
        pristine.write_bytes(H.all_submissions()[name])
        run = H.run_grade(pristine, host.env(), exercise=None)
        assert run.returncode in (0, 1) and not run.report_error, run.stderr[-800:]
        alone[name] = comparable(run.report)
    return alone


def run_batch(host, tmp_path, batch, timeout) -> tuple[list[str], list[dict]]:
    """Grade `batch` in one process: what a user of a batch command would notice, and the
    entries it wrote."""
    host.snapshot()
    results_file = tmp_path / "batch.jsonl"
    paths = [str(host.folder / name) for name in batch]
    # The same per-call limit the suite gives `grader grade` (0: the check table's own).
    limit = H.CALL_TIMEOUT_S if H.timeout_arguments() else 0
    process = subprocess.run([sys.executable, "-c", RUNNER, str(results_file), str(limit), *paths],
                             env=host.env(), cwd=host.folder, capture_output=True, text=True,
                             timeout=timeout, start_new_session=True, stdin=subprocess.DEVNULL)
    lines = results_file.read_text(encoding="utf-8").splitlines() if results_file.exists() else []
    done = [json.loads(line) for line in lines]
    problems = []
    if process.returncode != 0:
        problems.append(f"the batch process ended with status {process.returncode} after "
                        f"{len(done)} of {len(batch)} submissions; "
                        f"stderr: {process.stderr[-600:]!r}")
    if "Traceback" in process.stderr:
        problems.append(f"the batch printed a traceback: {process.stderr[-600:]!r}")
    if len(done) > 2:
        # Nothing may pile up in the grading process from one submission to the next.
        first, last = done[1], done[-1]
        if last["fds"] > first["fds"] + 2:
            problems.append(f"open descriptors grew from {first['fds']} to {last['fds']}")
        if last["threads"] > first["threads"] + 1:
            problems.append(f"threads grew from {first['threads']} to {last['threads']}")
        if last["rss_kb"] > first["rss_kb"] + 200_000:
            problems.append(f"memory grew from {first['rss_kb']} kB to {last['rss_kb']} kB")
    return problems, done


def honest_problems(done: list[dict], alone: dict) -> list[str]:
    problems = []
    for entry in done:
        name = Path(entry["path"]).name
        if name not in alone:
            continue
        got = entry["report"]
        if "could_not_grade" in got:
            problems.append(f"#{entry['index']} {name}: could not be graded in the batch "
                            f"({got['could_not_grade']})")
        elif comparable(got) != alone[name]:
            problems.append(f"#{entry['index']} {name}: its grade in the batch differs from "
                            f"alone: {_difference(alone[name], comparable(got))}")
    return problems


def _difference(alone: dict, batch: dict) -> str:
    if alone.get("score") != batch.get("score"):
        return f"score {alone.get('score')} alone, {batch.get('score')} in the batch"
    alone_tests = {t["name"]: t for t in alone.get("tests", [])}
    for test in batch.get("tests", []):
        if alone_tests.get(test["name"]) != test:
            return f"test {test['name']!r}: {alone_tests.get(test['name'])!r:.300} vs {test!r:.300}"
    return "outside the tests (output text or extra_data)"


def test_honest_grades_in_a_hostile_batch_equal_their_grades_alone(host, tmp_path):
    host.install()
    alone = grade_alone(host, tmp_path, HONEST)
    problems, done = run_batch(host, tmp_path, BATCH, timeout=300)
    problems += honest_problems(done, alone)
    # delete_sibling and write_beside aim at the batch's own folder: a changed honest.py is
    # already caught above; here, anything else that changed there, or anywhere.
    problems += host.leftovers()
    assert not problems, "\n  ".join(["batch safety:"] + problems)


@pytest.mark.slow
def test_soak_every_attack_in_one_batch(host, tmp_path):
    """Every attack, each followed by an honest file, in one grading process."""
    host.install()
    honest = ("honest.py", "honest_buggy.py", "honest_activations.py")
    alone = grade_alone(host, tmp_path, honest)
    batch = []
    for index, name in enumerate(sorted(H.ATTACKS)):
        if name == "delete_sibling":
            continue   # it deletes honest.py for good; the short batch covers it
        batch += [name + H.ATTACKS[name].get("suffix", ".py"), honest[index % len(honest)]]
    problems, done = run_batch(host, tmp_path, batch, timeout=900)
    problems += honest_problems(done, alone)
    problems += host.leftovers()
    assert not problems, "\n  ".join(["soak:"] + problems)


def test_grading_is_reproducible_with_a_seed(host):
    """The premise of the comparison: the same file and seed give the same report twice (the
    buggy one: its diagnoses are built from the failing cases' numbers)."""
    name = "honest_buggy.py"
    host.install(names={name})
    first = H.run_grade(host.folder / name, host.env())
    second = H.run_grade(host.folder / name, host.env())
    assert not first.report_error and not second.report_error
    assert comparable(first.report) == comparable(second.report)
