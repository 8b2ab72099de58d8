"""The quiz app: a thin shell around grader.quiz.Session and grader.store.ProgressStore.

Screens draw the Session and call its methods; this class opens, saves and finishes attempts.
Loading banks and every store call happen off the event loop.
"""

from __future__ import annotations

import asyncio
import random

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Static

from grader.errors import UserError
from grader.quiz.catalog import QuizEntry, available_quizzes
from grader.quiz.model import DEFAULT_LOCALE, LOCALES
from grader.quiz.session import Session, StaleStateError
from grader.store.paths import progress_db_path
from grader.tui.attempt import Attempt, latest_unfinished, store_keys
from grader.tui.config import AppConfig
from grader.tui.storage import BackgroundStore, snapshot
from grader.tui.strings import tr

LOCALE_SETTING = "locale"


# These run on the store thread, one after another, so an attempt is recorded before its saves.


def _record_start(store, attempt: Attempt, state: Session) -> None:
    attempt.attempt_id = store.start_attempt(state, attempt.key)


def _record_save(store, attempt: Attempt, state: Session, result) -> None:
    store.save(attempt.attempt_id, state)
    if result is not None:
        store.finish(attempt.attempt_id, result)


class QuizApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "grader quiz"
    BINDINGS = [
        Binding("f2", "toggle_language", "language", priority=True, show=False),
        Binding("l", "toggle_language", show=False),
        Binding("question_mark,f1", "help", show=False),
        Binding("q", "quit", show=False),
    ]

    locale: reactive[str] = reactive(DEFAULT_LOCALE)

    def __init__(self, config: AppConfig):
        super().__init__()
        self.config = config
        self.store = BackgroundStore(progress_db_path(config.data_dir))
        self.entries: list[QuizEntry] | None = None
        self._used_config_seed = False

    def compose(self) -> ComposeResult:
        yield Static(tr("loading", DEFAULT_LOCALE), id="loading")

    async def on_mount(self) -> None:
        self.run_worker(self._start_or_exit(), exclusive=True, group="start")

    async def _start_or_exit(self) -> None:
        try:
            await self._start()
        except UserError as error:  # e.g. a progress database that cannot be opened
            self.exit(return_code=error.exit_code, message=f"grader: {error}")

    async def _start(self) -> None:
        entries_job = asyncio.to_thread(self._load_entries)
        locale_job = self.store.call("get_setting", LOCALE_SETTING, None)
        entries, saved_locale = await asyncio.gather(entries_job, locale_job)
        self.entries = entries
        locale = self.config.locale or saved_locale or DEFAULT_LOCALE
        self.locale = locale if locale in LOCALES else DEFAULT_LOCALE
        if self.config.locale:
            self.store_soon("set_setting", LOCALE_SETTING, self.locale)
        entry = self.default_entry()
        if self.config.start and entry is not None and entry.quiz is not None:
            await self.open_quiz(entry)
        else:
            await self.show_home()

    def _load_entries(self) -> list[QuizEntry]:
        return available_quizzes(self.config.extra_files, data_dir=self.config.data_dir)

    def default_entry(self) -> QuizEntry | None:
        """The quiz named with --file, else the first built-in one, else the first."""
        entries = self.entries or []
        wanted = {path.resolve() for path in self.config.extra_files}
        for entry in entries:
            if entry.path.resolve() in wanted:
                return entry
        return next((e for e in entries if e.builtin), entries[0] if entries else None)

    async def show_home(self) -> None:
        from grader.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                while not isinstance(self.screen, HomeScreen):
                    await self.pop_screen()
                await self.screen.refresh_details()
                return
        if len(self.screen_stack) > 1:
            await self.switch_screen(HomeScreen(self.default_entry()))
        else:
            await self.push_screen(HomeScreen(self.default_entry()))

    # -- attempts --------------------------------------------------------------------------

    def new_seed(self) -> int:
        """--seed for the first attempt of this run, so it replays; random otherwise."""
        if self.config.seed is not None and not self._used_config_seed:
            self._used_config_seed = True
            return self.config.seed
        return random.SystemRandom().randrange(2**31)

    async def open_quiz(self, entry: QuizEntry, fresh: bool = False) -> None:
        """Resume the quiz's unfinished attempt (unless `fresh`), else start a new one."""
        quiz = entry.quiz
        assert quiz is not None
        keys = store_keys(entry)
        attempt = None
        if not fresh:
            saved = await self.store.run(latest_unfinished, keys)
            if saved is not None:
                key, attempt_id, state = saved
                try:
                    attempt = Attempt(entry, Session.from_state(quiz, state), attempt_id, key)
                except StaleStateError:
                    self.notify(tr("stale_attempt", self.locale), timeout=6, markup=False)
                    self.store_soon("discard", attempt_id)
        if attempt is None:
            attempt = self.begin(entry, Session.start(quiz, self.new_seed()), keys[0])
        await self.show_question(attempt)

    def begin(self, entry: QuizEntry, session: Session, key: str) -> Attempt:
        """A new attempt, shown at once; the store records it on its thread before any save."""
        attempt = Attempt(entry, session, None, key)
        self._queue(_record_start, attempt, snapshot(session))
        return attempt

    async def show_question(self, attempt: Attempt) -> None:
        from grader.tui.screens.question import QuestionScreen

        screen = QuestionScreen(attempt)
        if len(self.screen_stack) > 1 and not self._on_home():
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)

    def _on_home(self) -> bool:
        from grader.tui.screens.home import HomeScreen

        return isinstance(self.screen, HomeScreen)

    async def save_attempt(self, attempt: Attempt) -> None:
        """Write the attempt now (and its score once every question is answered); waits."""
        session = attempt.session
        result = session.result() if session.finished else None
        try:
            await self.store.run(_record_save, attempt, snapshot(session), result)
        except Exception as error:  # a full disk must not end the quiz; say so instead
            self._save_failed(error)

    def save_attempt_soon(self, attempt: Attempt) -> None:
        """Write the attempt (after a move) without waiting for it."""
        self._queue(_record_save, attempt, snapshot(attempt.session), None)

    def store_soon(self, method: str, *args) -> None:
        """Queue ProgressStore.<method>(*args), in order with the other writes, not waiting."""
        self._queue(lambda store: getattr(store, method)(*args))

    def _queue(self, function, *args) -> None:
        def done(future: asyncio.Future) -> None:
            if not future.cancelled() and future.exception() is not None:
                self._save_failed(future.exception())

        self.store.submit(function, *args).add_done_callback(done)

    def _save_failed(self, error: BaseException) -> None:
        self.notify(tr("save_failed", self.locale, error=error), severity="error", markup=False)

    def show_results(self, attempt: Attempt) -> None:
        from grader.tui.screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(attempt))

    async def retry_missed(self, attempt: Attempt) -> None:
        session = attempt.session.retry_missed(self.new_seed())
        retry = self.begin(attempt.entry, session, store_keys(attempt.entry)[1])
        await self.show_question(retry)

    def first_question_shown(self, screen) -> None:
        """Hook for the start-up benchmark: quit once the first question is on screen."""
        if self.config.exit_after_first_question:
            self.call_after_refresh(self.exit, 0)

    # -- app-wide keys ---------------------------------------------------------------------

    def action_toggle_language(self) -> None:
        codes = list(LOCALES)
        self.locale = codes[(codes.index(self.locale) + 1) % len(codes)]
        self.store_soon("set_setting", LOCALE_SETTING, self.locale)

    def action_help(self) -> None:
        from grader.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_unmount(self) -> None:
        # Every write asked for is finished before the process ends.
        self.store.close()
