"""Home: pick a quiz, see its past attempts and best score, resume or start an attempt."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from grader.quiz.catalog import QuizEntry
from grader.quiz.model import localize
from grader.quiz.session import Session, StaleStateError
from grader.tui.attempt import latest_unfinished, store_keys
from grader.tui.strings import percent, tr
from grader.tui.widgets.prose import Prose

MAX_HISTORY_LINES = 8


def _store_facts(store, keys: tuple[str, str]):
    """(history, best score, newest unfinished) of a bank, read in one go on the store thread."""
    return store.history(keys[0]), store.best_score(keys[0]), latest_unfinished(store, keys)


class HomeScreen(Screen):
    BINDINGS = [
        Binding("s", "new_attempt", show=False),
        Binding("j", "cursor(1)", show=False),
        Binding("k", "cursor(-1)", show=False),
    ]

    def __init__(self, selected: QuizEntry | None = None):
        super().__init__()
        self.selected = selected
        self._details_for: QuizEntry | None = None

    @property
    def entries(self) -> list[QuizEntry]:
        return self.app.entries or []

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="title-bar"):
            yield Static("", id="app-title", markup=False)
            yield Static("", id="language", markup=False)
        with HorizontalGroup(id="home-main"):
            yield OptionList(id="quiz-list")
            with VerticalScroll(id="details", can_focus=False):
                yield Prose(id="details-text")
        yield Prose(id="keys")

    async def on_mount(self) -> None:
        self.watch(self.app, "locale", self._locale_changed, init=False)
        self._fill_list()
        quiz_list = self.query_one("#quiz-list", OptionList)
        if self.selected in self.entries:
            quiz_list.highlighted = self.entries.index(self.selected)
        elif self.entries:
            quiz_list.highlighted = 0
        quiz_list.focus()
        self._draw_chrome()
        await self.refresh_details()

    def _label(self, entry: QuizEntry) -> Content:
        locale = self.app.locale
        if entry.quiz is None:
            first = entry.problems[0] if entry.problems else None
            return Content.assemble(
                (f"{entry.path.name} ({tr('has_problems', locale)})", "bold $text-error"),
                "\n", (f"  {first}" if first else "", "$text-error"))
        title = localize(entry.quiz.title, locale)
        suffix = f" ({tr('builtin', locale)})" if entry.builtin else f" ({entry.path.name})"
        return Content.assemble((title, "bold"), (suffix, "dim"))

    def _fill_list(self) -> None:
        quiz_list = self.query_one("#quiz-list", OptionList)
        highlighted = quiz_list.highlighted
        quiz_list.clear_options()
        quiz_list.add_options([Option(self._label(entry)) for entry in self.entries])
        if highlighted is not None:
            quiz_list.highlighted = highlighted

    def _draw_chrome(self) -> None:
        locale = self.app.locale
        self.query_one("#app-title", Static).update(Content(tr("app_title", locale)))
        self.query_one("#language", Static).update(Content(tr("language_name", locale)))
        self.query_one("#keys", Prose).update(
            tr("keys_home", locale, lang=tr("other_language", locale)))

    async def _locale_changed(self, _locale: str) -> None:
        self._fill_list()
        self._draw_chrome()
        await self.refresh_details()

    def _highlighted_entry(self) -> QuizEntry | None:
        index = self.query_one("#quiz-list", OptionList).highlighted
        if index is None or not (0 <= index < len(self.entries)):
            return None
        return self.entries[index]

    async def refresh_details(self) -> None:
        entry = self._highlighted_entry()
        text = self.query_one("#details-text", Prose)
        if entry is None:
            text.update("")
            return
        locale = self.app.locale
        if entry.quiz is None:
            lines = [Content.styled(tr("bank_problems", locale), "bold $text-error")]
            lines += [Content(str(problem)) for problem in entry.problems]
            lines += [Content(""), Content(tr("fix_with", locale, path=entry.path))]
            text.update(Content("\n").join(lines))
            return
        history, best, unfinished = await self.app.store.run(_store_facts, store_keys(entry))
        if self._highlighted_entry() is not entry:
            return  # the highlight moved on while the store was read
        quiz = entry.quiz
        lines = [Content.styled(localize(quiz.title, locale), "bold")]
        description = localize(quiz.description, locale)
        if description:
            lines.append(Content(description))
        lines.append(Content(tr("quiz_facts", locale, asked=quiz.attempt_size,
                                bank=len(quiz.questions), mark=percent(quiz.pass_mark))))
        lines.append(Content(""))
        resumable = self._resumable(entry, unfinished)
        if resumable is not None:
            lines.append(Content.styled(tr(
                "unfinished", locale, answered=resumable.answered_count,
                total=len(resumable.questions), at=resumable.index + 1), "bold $text-warning"))
            lines.append(Content(tr("resume_hint", locale)))
        else:
            lines.append(Content(tr("start_hint", locale)))
        lines.append(Content(""))
        finished = [a for a in history if a.finished_at is not None]
        if best is not None:
            lines.append(Content.styled(tr("best_score", locale, score=percent(best)), "bold"))
        if not finished:
            lines.append(Content(tr("no_attempts", locale)))
        else:
            lines.append(Content.styled(tr("past_attempts", locale), "underline"))
            for attempt in finished[-MAX_HISTORY_LINES:][::-1]:
                when = attempt.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
                verdict = tr("pass_short" if attempt.passed else "fail_short", locale)
                lines.append(Content(tr("attempt_line", locale, when=when,
                                        correct=attempt.correct, total=attempt.total,
                                        score=percent(attempt.score or 0), verdict=verdict)))
        text.update(Content("\n").join(lines))

    @staticmethod
    def _resumable(entry: QuizEntry, unfinished) -> Session | None:
        if unfinished is None:
            return None
        try:
            return Session.from_state(entry.quiz, unfinished[2])
        except StaleStateError:
            return None

    # -- actions ---------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#quiz-list")
    async def highlighted(self) -> None:
        await self.refresh_details()

    @on(OptionList.OptionSelected, "#quiz-list")
    async def selected_quiz(self) -> None:
        await self._open(fresh=False)

    async def action_new_attempt(self) -> None:
        await self._open(fresh=True)

    def action_cursor(self, step: int) -> None:
        quiz_list = self.query_one("#quiz-list", OptionList)
        (quiz_list.action_cursor_down if step > 0 else quiz_list.action_cursor_up)()

    async def _open(self, fresh: bool) -> None:
        entry = self._highlighted_entry()
        if entry is None:
            return
        if entry.quiz is None:
            first = entry.problems[0] if entry.problems else entry.path
            self.notify(f"{tr('bank_problems', self.app.locale)}\n{first}", severity="error",
                        markup=False)
            return
        await self.app.open_quiz(entry, fresh=fresh)
