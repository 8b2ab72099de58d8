"""Every attack in attacks.yaml, graded by the real `grader grade`: the verdicts it must get,
the honest functions beside it still graded, and a host that did not notice.

One test per attack; each failure lists everything that went wrong in that run at once.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest


def _harness():
    # The same module object conftest.py loaded (one subreaper, one table).
    if "hostile_harness" not in sys.modules:
        spec = importlib.util.spec_from_file_location("hostile_harness",
                                                      Path(__file__).with_name("harness.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules["hostile_harness"] = module
        spec.loader.exec_module(module)
    return sys.modules["hostile_harness"]


H = _harness()
ATTACKS, HERE, WITHOUT_OS_LAYERS = H.ATTACKS, H.HERE, H.WITHOUT_OS_LAYERS
MARGIN_S, MAX_REPORT_BYTES = H.MARGIN_S, H.MAX_REPORT_BYTES
effective_call_timeout, run_grade = H.effective_call_timeout, H.run_grade

# (attack, mode) -> the hole, for holes other helpers have not closed yet (xfail, strict).
KNOWN_HOLES: dict[tuple[str, str], str] = {}


def expected_verdicts(attack: dict) -> dict[str, set[str]]:
    """function -> accepted verdicts, every graded function named ("pass" for the untouched)."""
    expect = attack.get("expect") or {}
    default = set(expect.get("*", ["pass"]))
    functions = H.FUNCTIONS[attack.get("exercise", "planar")]
    assert set(expect) - {"*"} <= set(functions), f"unknown function in {attack['name']}'s expect"
    return {name: set(expect.get(name, default)) for name in functions}


def verdict_problems(expected: dict[str, set[str]], got: dict[str, list[str]]) -> list[str]:
    problems = []
    for function, accepted in expected.items():
        verdicts = got.get(function)
        if not verdicts:
            problems.append(f"{function}: not graded at all (no test in the report)")
            continue
        if accepted == {"pass"}:
            if set(verdicts) != {"pass"}:
                problems.append(f"{function}: should pass (it is the honest code), got {verdicts}")
            continue
        if all(v == "pass" for v in verdicts):
            if "pass" not in accepted:
                problems.append(f"{function}: FALSE PASS, expected one of {sorted(accepted)}")
            continue
        if not set(verdicts) & accepted:
            problems.append(f"{function}: got {verdicts}, expected one of {sorted(accepted)}")
        stray = set(verdicts) - accepted - {"pass", "blocked"}
        if stray:
            problems.append(f"{function}: unexpected verdict(s) {sorted(stray)} in {verdicts}")
    return problems


def allowed_timeouts(attack: dict, expected: dict[str, set[str]]) -> int:
    if "timeouts" in attack:
        return int(attack["timeouts"])
    return sum("timeout" in accepted for accepted in expected.values())


def check_run(run, attack: dict, host, honest_seconds: float) -> list[str]:
    """Everything a user would notice about one hostile run, as a list of problems."""
    expected = expected_verdicts(attack)
    must_fail = any("pass" not in accepted for accepted in expected.values())
    problems = []
    if run.returncode not in (0, 1):
        problems.append(f"exit status {run.returncode} (0 or 1 expected); "
                        f"stderr: {run.stderr[-500:]!r}")
    elif run.returncode != (1 if must_fail else 0) and (must_fail or all(
            accepted == {"pass"} for accepted in expected.values())):
        problems.append(f"exit status {run.returncode}, expected {1 if must_fail else 0}")
    if "Traceback" in run.stderr:
        problems.append(f"the grader's stderr holds a traceback: {run.stderr[-800:]!r}")
    if len(run.stdout.encode()) > MAX_REPORT_BYTES:
        problems.append(f"the report is {len(run.stdout.encode())} bytes")
    if run.report_error:
        problems.append(f"invalid report: {run.report_error}")
    else:
        problems += verdict_problems(expected, run.verdicts)
        # An attack the loader dropped proves nothing: it must have run (syntax_error aside).
        skipped = [line for line in str(run.report.get("output", "")).splitlines()
                   if "skipped" in line]
        if skipped and not attack.get("skips"):
            problems.append(f"the loader skipped part of the attack, so it never ran: {skipped}")
    # An honest run's time (doubled: the machine is shared), each legitimate timeout, a margin.
    budget = (2 * honest_seconds + allowed_timeouts(attack, expected) * effective_call_timeout()
              + MARGIN_S)
    if run.seconds > budget:
        problems.append(f"took {run.seconds:.1f} s, over the budget of {budget:.1f} s")
    if host.secret in run.stdout or host.secret in run.stderr:
        problems.append("the grader's environment (a secret in it) reached the report")
    problems += host.leftovers()
    return problems


def _cases():
    for name in sorted(ATTACKS):
        yield name, "full"
    for name in WITHOUT_OS_LAYERS:
        yield name, "no_os_layers"


def _param(name: str, mode: str):
    marks = []
    if (name, mode) in KNOWN_HOLES:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_HOLES[(name, mode)]))
    return pytest.param(name, mode, marks=marks, id=f"{name}-{mode}")


@pytest.mark.parametrize("name, mode", [_param(n, m) for n, m in _cases()])
def test_attack(name, mode, host, honest_seconds):
    attack = ATTACKS[name]
    host.install()
    target = host.folder / (name + attack.get("suffix", ".py"))
    host.snapshot()
    run = run_grade(target, host.env(), mode=mode, exercise=attack.get("exercise", "planar"),
                    call_timeout=attack.get("call_timeout"))
    problems = check_run(run, attack, host, honest_seconds)
    assert not problems, f"{name}, {mode} ({attack['what']}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("name", sorted(n for n, a in ATTACKS.items() if a.get("text_report")))
def test_the_text_report_cannot_be_forged(name, host):
    """What a TA reads in a terminal: the student's text must not clear it, retitle it, hide
    lines or add lines that look like the grader's own verdict."""
    attack = ATTACKS[name]
    host.install()
    host.snapshot()
    run = run_grade(host.folder / f"{name}.py", host.env(), fmt="text")
    problems = []
    controls = sorted({f"0x{ord(c):02x}" for c in run.stdout if ord(c) < 32 and c not in "\n"}
                      | {f"0x{ord(c):02x}" for c in run.stdout if 0x7f <= ord(c) < 0xa0})
    if controls:
        problems.append(f"control characters reach the terminal: {controls}")
    lines = run.stdout.splitlines()
    # As the terminal shows them: escape sequences and control characters take no room.
    # A carriage return starts the line over, so what follows the last one is what shows.
    shown = [re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|[\x00-\x1f]", "",
                    line.rsplit("\r", 1)[-1]) for line in lines]
    totals = [line for line in shown if line.startswith("Total:")]
    if len(totals) != 1:
        problems.append(f"{len(totals)} lines look like the grader's total: {totals}")
    # The grader's own verdict lines start at column 0; the student's text may quote the words
    # (escaped, indented), but never start a line with them.
    if any(line.startswith("All checks passed") for line in shown):
        problems.append("a line says 'All checks passed' on a submission with failures")
    if run.returncode != 1:
        problems.append(f"exit status {run.returncode}, expected 1")
    if "Traceback" in run.stderr:
        problems.append(f"traceback on stderr: {run.stderr[-500:]!r}")
    problems += host.leftovers()
    assert not problems, f"{name} ({attack['what']}):\n  " + "\n  ".join(problems)


def test_every_attack_without_os_layers_exists():
    assert set(WITHOUT_OS_LAYERS) <= set(ATTACKS)


@pytest.mark.parametrize("name, exercise", [("honest.py", "planar"), ("honest.ipynb", "planar"),
                                            ("honest_activations.py", "activations")])
def test_the_honest_submission_passes_everything(name, exercise, host, honest_seconds):
    host.install()
    host.snapshot()
    # Without --exercise: the grader must also tell the exercise from the functions.
    run = run_grade(host.folder / name, host.env(), exercise=None)
    problems = check_run(run, {"name": name, "what": "honest", "expect": {},
                               "exercise": exercise}, host, honest_seconds)
    assert not problems, "\n".join(problems)
    assert run.returncode == 0
    assert run.report["score"] == pytest.approx(run.report["extra_data"]["max_score"])


def test_submissions_match_the_table():
    result = subprocess.run([sys.executable, str(HERE / "make_submissions.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_suite_has_the_attacks_the_issue_asks_for():
    # The issue's list, by the name each has here: dropping one must be a visible decision.
    required = {
        "lying_array", "lying_float", "sys_exit_import", "os_exit_import", "sys_exit_in_function",
        "os_exit_in_function", "raise_keyboardinterrupt", "raise_systemexit",
        "raise_baseexception", "infinite_loop", "sleep_ignore_sigterm", "memory_bomb",
        "huge_return", "fork_loop", "daemon_thread_spin", "print_300mb", "fake_results_json",
        "garbage_fds", "monkeypatch_numpy", "import_grader", "read_check_tables",
        "loopback_socket", "write_tmp", "write_home", "write_beside", "delete_sibling",
        "deep_recursion", "nan_output", "inf_output", "object_dtype", "float16_output",
        "syntax_error", "non_utf8", "empty_file", "notebook_invalid_json",
    }
    assert required <= set(ATTACKS)
    assert len(ATTACKS) >= 30
