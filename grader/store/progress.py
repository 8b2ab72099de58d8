"""Quiz progress in SQLite: every answer is written the moment it is given.

Each thread gets its own connection, kept open (opening one and closing the last one each cost
milliseconds of checkpointing), so the store works from the app's worker threads. Each write is its
own committed transaction, so killing the app loses nothing already answered.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.errors import UserError

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    quiz_key    TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    finished_at TEXT,
    state       TEXT NOT NULL,          -- Session.to_state() as JSON
    correct     INTEGER,
    total       INTEGER,
    score       REAL,
    passed      INTEGER
);
CREATE INDEX IF NOT EXISTS attempts_by_quiz ON attempts (quiz_key, finished_at);
CREATE TABLE IF NOT EXISTS answers (
    attempt_id  INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    topic       TEXT NOT NULL,
    response    TEXT NOT NULL,          -- JSON
    correct     INTEGER NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);
CREATE TABLE IF NOT EXISTS settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL                 -- JSON
);
"""


class StoreError(UserError):
    """The progress database cannot be used (not a database, a newer format, no permission)."""


@dataclass(frozen=True)
class AttemptSummary:
    id: int
    started_at: datetime  # UTC
    finished_at: datetime | None
    correct: int | None  # None while unfinished
    total: int | None
    score: float | None
    passed: bool | None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class ProgressStore:
    """The progress database at `path` (made, with its folder, on first use).

    Usable as a context manager; `close()` closes every thread's connection.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._ready = False

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()
            self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            return connection
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Only this thread uses it; check_same_thread=False lets close() run from any thread.
            connection = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"{self.path}: cannot open the progress database ({error})") from None
        try:
            with self._lock:
                if not self._ready:
                    self._prepare(connection)
            # Per connection: NORMAL sync in WAL mode survives the app being killed (only a
            # power cut can lose the last write) and saves an fsync per answer.
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
        except BaseException:
            connection.close()
            raise
        with self._lock:
            self._connections.append(connection)
        self._local.connection = connection
        return connection

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection inside one transaction, committed on leaving."""
        try:
            connection = self._connection()
            with connection:
                yield connection
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: progress database unusable ({error})") from None

    def _prepare(self, connection: sqlite3.Connection) -> None:
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: made by a newer version of this program "
                                 f"(format {version}, this one reads {SCHEMA_VERSION})")
            # WAL lets a reader (e.g. the home screen's history) run while the app writes.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.executescript(_SCHEMA)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: progress database unusable ({error})") from None
        self._ready = True

    # -- attempts -------------------------------------------------------------------------

    def start_attempt(self, session, quiz_key: str) -> int:
        """Record a new attempt of the bank `quiz_key`; returns its id."""
        now, state = _now(), session.to_state()
        with self._connect() as db:
            cursor = db.execute(
                "INSERT INTO attempts (quiz_key, started_at, updated_at, state) VALUES (?, ?, ?, ?)",
                (quiz_key, now, now, json.dumps(state)))
            attempt_id = int(cursor.lastrowid)
            self._write_answers(db, attempt_id, session, state, now)
        return attempt_id

    def save(self, attempt_id: int, session) -> None:
        """Write the attempt's state as it is now (after every answer and every move)."""
        now, state = _now(), session.to_state()
        with self._connect() as db:
            cursor = db.execute("UPDATE attempts SET state = ?, updated_at = ? WHERE id = ?",
                                (json.dumps(state), now, attempt_id))
            if cursor.rowcount == 0:
                raise KeyError(f"no attempt {attempt_id}")
            self._write_answers(db, attempt_id, session, state, now)

    @staticmethod
    def _write_answers(db: sqlite3.Connection, attempt_id: int, session, state: dict,
                       now: str) -> None:
        # One row per answered question, kept from its first answer (the first answer counts),
        # so statistics over topics need no JSON parsing.
        rows = [(attempt_id, qid, session.quiz.question(qid).topic, json.dumps(response),
                 int(session.feedback_for(qid).correct), now)
                for qid, response in state["responses"].items()]
        db.executemany("INSERT OR IGNORE INTO answers VALUES (?, ?, ?, ?, ?, ?)", rows)

    def unfinished(self, quiz_key: str) -> tuple[int, dict] | None:
        """The latest unfinished attempt of `quiz_key` as (attempt id, session state), if any."""
        with self._connect() as db:
            row = db.execute(
                "SELECT id, state FROM attempts WHERE quiz_key = ? AND finished_at IS NULL "
                "ORDER BY id DESC LIMIT 1", (quiz_key,)).fetchone()
        return (int(row[0]), json.loads(row[1])) if row else None

    def discard(self, attempt_id: int) -> None:
        """Forget an attempt (e.g. one that no longer fits its edited bank)."""
        with self._connect() as db:
            db.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,))

    def finish(self, attempt_id: int, result) -> None:
        """Mark the attempt finished with its score (a grader.quiz.session.Result)."""
        with self._connect() as db:
            cursor = db.execute(
                "UPDATE attempts SET finished_at = ?, correct = ?, total = ?, score = ?, "
                "passed = ? WHERE id = ?",
                (_now(), result.correct, result.total, result.score, int(result.passed),
                 attempt_id))
            if cursor.rowcount == 0:
                raise KeyError(f"no attempt {attempt_id}")

    def history(self, quiz_key: str) -> list[AttemptSummary]:
        """Every attempt of `quiz_key`, oldest first (unfinished ones have no score)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, started_at, finished_at, correct, total, score, passed "
                "FROM attempts WHERE quiz_key = ? ORDER BY id", (quiz_key,)).fetchall()
        return [AttemptSummary(id=row[0], started_at=_time(row[1]), finished_at=_time(row[2]),
                               correct=row[3], total=row[4], score=row[5],
                               passed=None if row[6] is None else bool(row[6]))
                for row in rows]

    def best_score(self, quiz_key: str) -> float | None:
        """The best finished score of `quiz_key` (0..1), None before the first finish."""
        with self._connect() as db:
            row = db.execute("SELECT MAX(score) FROM attempts WHERE quiz_key = ? "
                             "AND finished_at IS NOT NULL", (quiz_key,)).fetchone()
        return row[0]

    def topic_stats(self, quiz_key: str) -> dict[str, tuple[int, int]]:
        """Over every answer ever given to `quiz_key`: topic -> (right, answered)."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT topic, SUM(answers.correct), COUNT(*) FROM answers "
                "JOIN attempts ON attempts.id = answers.attempt_id WHERE quiz_key = ? "
                "GROUP BY topic ORDER BY topic", (quiz_key,)).fetchall()
        return {topic: (int(right), int(count)) for topic, right, count in rows}

    # -- settings -------------------------------------------------------------------------

    def get_setting(self, key: str, default=None):
        with self._connect() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value) -> None:
        """Store any JSON-able value under `key`."""
        with self._connect() as db:
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       (key, json.dumps(value)))
