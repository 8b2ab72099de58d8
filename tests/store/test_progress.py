"""Progress in SQLite: saved as it happens, resumed after a crash, scored, and kept per bank."""

import json
import sqlite3
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from grader.quiz.catalog import quiz_key
from grader.quiz.loader import load_quiz
from grader.quiz.session import Session
from grader.store import ProgressStore, StoreError, default_data_dir
from grader.store.progress import SCHEMA_VERSION

BANK = """\
id: tiny
title: Tiny
pass_mark: 0.5
questions:
  - {id: a, topic: shapes, kind: true_false, prompt: A, answer: true, explanation: E}
  - {id: b, topic: shapes, kind: short, prompt: B, answers: ["(4, m)"], explanation: E}
  - {id: c, topic: init, kind: multiple, prompt: C, explanation: E,
     choices: [{id: x, text: X, correct: true}, {id: y, text: Y, correct: true}, {id: z, text: Z}]}
"""
RIGHT = {"a": "true", "b": "4 x m", "c": frozenset({"x", "y"})}


@pytest.fixture
def quiz(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(BANK, encoding="utf-8")
    return load_quiz(path)


@pytest.fixture
def store(tmp_path):
    return ProgressStore(tmp_path / "data" / "nested" / "progress.sqlite3")


def test_default_data_dir_order(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADER_DATA_DIR", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "explicit"
    monkeypatch.delenv("GRADER_DATA_DIR")
    assert default_data_dir() == tmp_path / "xdg" / "shallow-grader"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_data_dir() == tmp_path / "home" / ".local" / "share" / "shallow-grader"


def test_the_file_and_its_folder_appear_on_first_use_in_wal_mode(store):
    assert not store.path.exists()
    store.set_setting("locale", "zh")
    assert store.path.is_file()
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_settings_round_trip_any_json_value(store):
    assert store.get_setting("locale") is None
    assert store.get_setting("locale", "en") == "en"
    store.set_setting("locale", "zh")
    store.set_setting("locale", "en")
    store.set_setting("window", {"width": 80, "seen": [1, 2]})
    again = ProgressStore(store.path)  # another instance reads what this one wrote
    assert again.get_setting("locale") == "en"
    assert again.get_setting("window") == {"width": 80, "seen": [1, 2]}


def test_an_attempt_is_saved_resumed_finished_and_listed(store, quiz):
    key = quiz_key(quiz)
    session = Session.start(quiz, 5)
    attempt = store.start_attempt(session, key)
    assert store.unfinished(key) == (attempt, session.to_state())
    session.answer(RIGHT[session.current.id])
    session.next()
    store.save(attempt, session)

    attempt_id, state = store.unfinished(key)
    resumed = Session.from_state(quiz, state)
    assert attempt_id == attempt and resumed.to_state() == session.to_state()
    assert resumed.index == 1 and resumed.answered_count == 1

    for i in range(3):
        resumed.go_to(i)
        resumed.answer(RIGHT[resumed.current.id] if resumed.current.id != "b" else "(m, 4)")
    store.save(attempt, resumed)
    store.finish(attempt, resumed.result())
    assert store.unfinished(key) is None
    [summary] = store.history(key)
    assert (summary.id, summary.correct, summary.total, summary.passed) == (attempt, 2, 3, True)
    assert summary.score == pytest.approx(2 / 3)
    assert summary.finished_at >= summary.started_at
    assert store.best_score(key) == pytest.approx(2 / 3)
    assert store.topic_stats(key) == {"init": (1, 1), "shapes": (1, 2)}


def test_history_best_score_and_resume_are_kept_per_bank(store, quiz):
    assert store.best_score("nothing yet") is None and store.history("nothing yet") == []
    for score_right in (1, 3):
        session = Session.start(quiz, score_right)
        attempt = store.start_attempt(session, "bank-1")
        for i in range(score_right):
            session.go_to(i)
            session.answer(RIGHT[session.current.id])
        store.save(attempt, session)
        store.finish(attempt, session.result())
    open_one = store.start_attempt(Session.start(quiz, 9), "bank-2")
    assert [h.correct for h in store.history("bank-1")] == [1, 3]
    assert store.best_score("bank-1") == 1.0
    assert store.best_score("bank-2") is None
    assert store.unfinished("bank-1") is None
    assert store.unfinished("bank-2")[0] == open_one
    assert store.history("bank-2")[0].score is None


def test_the_latest_unfinished_attempt_is_the_one_resumed(store, quiz):
    store.start_attempt(Session.start(quiz, 1), "k")
    later = store.start_attempt(Session.start(quiz, 2), "k")
    assert store.unfinished("k")[0] == later
    store.discard(later)
    assert store.unfinished("k")[0] != later


def test_the_first_answer_is_the_one_recorded(store, quiz):
    session = Session.start(quiz, 0, question_ids=["a"])
    attempt = store.start_attempt(session, "k")
    session.answer("false")
    store.save(attempt, session)
    session.answer("true")  # ignored by the session, and so by the store
    store.save(attempt, session)
    assert store.topic_stats("k") == {"shapes": (0, 1)}


def test_unknown_attempts_are_a_programming_error(store, quiz):
    session = Session.start(quiz, 0)
    with pytest.raises(KeyError):
        store.save(12345, session)
    with pytest.raises(KeyError):
        store.finish(12345, session.result())


def test_an_app_killed_mid_quiz_loses_no_answer(tmp_path, quiz):
    """A child process answers and saves as the app does, and is SIGKILLed after two answers."""
    db = tmp_path / "progress.sqlite3"
    child = textwrap.dedent(f"""
        import time
        from grader.quiz.loader import load_quiz
        from grader.quiz.session import Session
        from grader.store import ProgressStore
        quiz = load_quiz({str(quiz.path)!r})
        store = ProgressStore({str(db)!r})
        session = Session.start(quiz, 7)
        attempt = store.start_attempt(session, "k")
        print(attempt, flush=True)
        for _ in range(2):
            qid = session.current.id
            session.answer({{"a": "true", "b": "4 x m", "c": frozenset({{"x", "y"}})}}[qid])
            store.save(attempt, session)
            session.next()
            store.save(attempt, session)
            print("saved", flush=True)
        time.sleep(60)  # the student is thinking about question 3 when the app is killed
    """)
    process = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        attempt_id = int(process.stdout.readline())
        assert [process.stdout.readline() for _ in range(2)] == ["saved\n", "saved\n"]
    finally:
        process.kill()  # SIGKILL: no cleanup, no close, no atexit
        process.wait(timeout=30)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    fresh = ProgressStore(db)  # a new app start
    saved_id, state = fresh.unfinished("k")
    assert saved_id == attempt_id
    resumed = Session.from_state(quiz, state)
    assert resumed.answered_count == 2 and resumed.index == 2
    assert resumed.result().correct == 2


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match=str(path)):
        ProgressStore(path).get_setting("locale")
    assert path.read_bytes() == b"this is not sqlite" * 100  # never replaced behind the user's back


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer version"):
        ProgressStore(path).get_setting("locale")


def test_a_data_dir_that_cannot_be_made_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        ProgressStore(blocker / "sub" / "progress.sqlite3").set_setting("a", 1)


def test_stored_state_is_plain_json(store, quiz):
    session = Session.start(quiz, 3)
    attempt = store.start_attempt(session, "k")
    with sqlite3.connect(store.path) as db:
        text = db.execute("SELECT state FROM attempts WHERE id = ?", (attempt,)).fetchone()[0]
    assert json.loads(text) == session.to_state()


def test_threads_each_write_and_all_writes_land(store, quiz):
    import threading

    errors = []

    def play(seed):
        try:
            session = Session.start(quiz, seed)
            attempt = store.start_attempt(session, f"k{seed % 2}")
            for i in range(3):
                session.go_to(i)
                session.answer(RIGHT[session.current.id])
                store.save(attempt, session)
            store.finish(attempt, session.result())
        except Exception as error:  # surfaced below: a thread's exception is otherwise lost
            errors.append(error)

    threads = [threading.Thread(target=play, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [len(store.history(k)) for k in ("k0", "k1")] == [4, 4]
    assert store.best_score("k0") == 1.0


def test_closing_is_safe_and_the_store_reopens_on_next_use(store):
    store.set_setting("a", 1)
    store.close()
    store.close()
    assert store.get_setting("a") == 1
    with ProgressStore(store.path) as other:
        assert other.get_setting("a") == 1


def test_a_damaged_database_is_a_clear_error_and_is_left_in_place(tmp_path, quiz):
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as store:
        store.start_attempt(Session.start(quiz, 1), "k")
    damaged = bytearray(path.read_bytes())
    damaged[100:4096] = b"\xff" * (4096 - 100)  # the schema page, scribbled over
    path.write_bytes(bytes(damaged))
    with pytest.raises(StoreError, match="progress database unusable"):
        ProgressStore(path).history("k")
    assert path.read_bytes() == bytes(damaged)
