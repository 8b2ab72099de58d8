"""The real `grader quiz` in a real terminal (tmux): answer, get killed, come back, resume.

Reads the screen as a person would (tmux capture-pane) and polls it with a deadline. What the
screen should show is worked out from the bank and the seed through the quiz domain, not typed in.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from grader.quiz.loader import load_quiz
from grader.quiz.model import localize
from grader.quiz.session import Session

from .conftest import BANK

pytestmark = pytest.mark.e2e

GRADER = Path(sys.executable).with_name("grader")
SEED = 7
DEADLINE = 20.0  # seconds for one screen to appear; generous for a loaded 2-core CI machine


class Terminal:
    """One tmux server of our own (its socket in a temp folder), so no one else's is touched."""

    def __init__(self, socket: Path):
        self.socket = str(socket)
        self.session = "quiz"

    def tmux(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(["tmux", "-u", "-S", self.socket, *args], capture_output=True,
                              text=True, check=check, timeout=10)
        return done.stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        exports = " ".join(f"{key}={value}" for key, value in env.items())
        # -u: a COLUMNS/LINES inherited from the test run would override the pane's real size.
        line = f"env -u COLUMNS -u LINES {exports} " + " ".join(command)
        self.tmux("new-session", "-d", "-s", self.session, "-x", "100", "-y", "30", line)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.session, check=False)

    def wait_for(self, *texts: str) -> str:
        deadline = time.monotonic() + DEADLINE
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {texts!r}; the screen shows:\n{screen}")
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", self.session, *keys)

    def app_pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.session, "#{pane_pid}"))

    def alive(self) -> bool:
        return subprocess.run(["tmux", "-S", self.socket, "has-session", "-t", self.session],
                              capture_output=True).returncode == 0

    def stop(self) -> None:
        self.tmux("kill-server", check=False)


@pytest.fixture
def terminal():
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    if not GRADER.exists():
        pytest.skip(f"no console script at {GRADER}")
    folder = tempfile.mkdtemp(prefix="grader-e2e-")  # short: socket paths have a length limit
    term = Terminal(Path(folder) / "tmux.sock")
    yield term
    term.stop()
    shutil.rmtree(folder, ignore_errors=True)


def first_words(text: str, count: int = 6) -> str:
    """The start of a prompt as the screen shows it (`code` marks are not drawn)."""
    return " ".join(text.replace("`", "").split()[:count])


def test_quiz_in_tmux_answers_survive_a_kill_and_resume(terminal, tmp_path):
    data_dir = tmp_path / "data"
    command = [str(GRADER), "quiz", "--file", str(BANK), "--seed", str(SEED),
               "--data-dir", str(data_dir)]
    env = {"LANG": "C.UTF-8", "TERM": "xterm-256color"}
    expected = Session.start(load_quiz(BANK), SEED)
    q1, q2, q3 = expected.questions[:3]

    terminal.start(command, env)
    terminal.wait_for("Test quiz: one hidden layer", "Enter starts an attempt")
    terminal.keys("Enter")
    terminal.wait_for(first_words(localize(q1.prompt, "en")), "Question 1 of 5 · answered 0")

    def keys_for(question, right: bool) -> list[str]:
        """The keys a student presses to answer `question` right (or wrong)."""
        if question.kind == "short":
            return [question.answers[0] if right else "no idea", "Enter"]
        options = expected.options(question)
        if question.kind == "multiple":
            ticks = [str(i) for i, c in enumerate(options, 1) if c.correct] if right else [
                str(next(i for i, c in enumerate(options, 1) if not c.correct))]
            return [*ticks, "Enter"]
        return [str(next(i for i, c in enumerate(options, 1) if c.correct == right))]

    # A right answer, then a wrong one; each marked on screen as it is given.
    terminal.keys(*keys_for(q1, right=True))
    terminal.wait_for("✔ Correct", "answered 1")
    terminal.keys("n")
    terminal.wait_for(first_words(localize(q2.prompt, "en")), "Question 2 of 5")
    terminal.keys(*keys_for(q2, right=False))
    terminal.wait_for("✘ Not quite", "answered 2")
    terminal.keys("n")
    terminal.wait_for(first_words(localize(q3.prompt, "en")), "Question 3 of 5 · answered 2")

    # Killed mid-quiz, with no chance to clean up.
    os.kill(terminal.app_pid(), signal.SIGKILL)
    deadline = time.monotonic() + DEADLINE
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)

    terminal.start(command, env)
    terminal.wait_for("Unfinished attempt: 2 of 5 answered, at question 3")
    terminal.keys("Enter")
    terminal.wait_for(first_words(localize(q3.prompt, "en")), "Question 3 of 5 · answered 2")
    if q3.kind == "short":
        terminal.keys("Escape")  # leave the answer box, as its hint says, so p is a key again
        time.sleep(0.3)  # a lone Escape is told apart from an escape sequence by a pause
    terminal.keys("p")
    screen = terminal.wait_for("Question 2 of 5", "✘ Not quite")
    assert first_words(localize(q2.prompt, "en")) in screen
    terminal.keys("q")
    deadline = time.monotonic() + DEADLINE
    while terminal.alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not terminal.alive(), "q did not quit the app"
