"""The progress store, off the event loop.

Every ProgressStore call runs on one background thread, in the order it was asked for, so the
app never waits on the disk and a move saved after an answer never overtakes it. The session is
copied on the event loop before it is handed over, so the thread never reads it mid-change.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from grader.quiz.session import Session

T = TypeVar("T")


def snapshot(session: Session) -> Session:
    """An independent copy of `session` (its saved state, rebuilt)."""
    return Session.from_state(session.quiz, session.to_state())


class BackgroundStore:
    """A ProgressStore whose methods are awaited (`await store.call("save", ...)`)."""

    def __init__(self, path: Path):
        self.path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="progress-store")
        self._store = None

    def _ensure(self):
        if self._store is None:
            # Imported on the store thread: sqlite3 loads there, not on the way to the first paint.
            from grader.store import ProgressStore

            self._store = ProgressStore(self.path)
        return self._store

    def _run(self, method: str, *args: Any) -> Any:
        return getattr(self._ensure(), method)(*args)

    async def call(self, method: str, *args: Any) -> Any:
        """Run ProgressStore.<method>(*args) on the store thread and wait for its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, partial(self._run, method, *args))

    def submit(self, function: Callable[..., Any], *args: Any) -> asyncio.Future:
        """Queue `function(store, *args)` at once (keeping order) without waiting for it."""
        return asyncio.wrap_future(
            self._executor.submit(lambda: function(self._ensure(), *args)))

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run `function(store, *args)` on the store thread (several calls in one go)."""

        def job() -> T:
            return function(self._ensure(), *args)

        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, job)

    def close(self) -> None:
        """Wait for every write asked for so far, then stop the thread."""
        self._executor.shutdown(wait=True)
