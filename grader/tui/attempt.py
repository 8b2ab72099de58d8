"""An attempt in the app: the Session plus where it is saved. Glue, not quiz logic."""

from __future__ import annotations

from dataclasses import dataclass

from grader.quiz.catalog import QuizEntry, quiz_key
from grader.quiz.session import Session

# Retries of missed questions are kept under their own key, so a perfect retry of three
# questions does not become the quiz's "best score".
RETRY_SUFFIX = "#retry"


def store_keys(entry: QuizEntry) -> tuple[str, str]:
    """(full attempts key, retries key) of a bank in the progress store."""
    assert entry.quiz is not None
    key = quiz_key(entry.quiz)
    return key, key + RETRY_SUFFIX


def latest_unfinished(store, keys: tuple[str, ...]) -> tuple[str, int, dict] | None:
    """(key, attempt id, state) of the newest unfinished attempt under any of `keys`.

    Runs on the store thread (`store` is a ProgressStore).
    """
    found = [(saved[0], key, saved[1]) for key in keys if (saved := store.unfinished(key))]
    if not found:
        return None
    attempt_id, key, state = max(found, key=lambda item: item[0])
    return key, attempt_id, state


@dataclass
class Attempt:
    entry: QuizEntry
    session: Session
    attempt_id: int | None  # None until the store thread has recorded it
    key: str  # store key: store_keys(entry)[0], or [1] for a retry

    @property
    def is_retry(self) -> bool:
        return self.key.endswith(RETRY_SUFFIX)
