"""One question at a time: prompt, options or an answer box, then right/wrong and why.

The screen renders the Session and calls its methods; the answer is saved (on the store thread)
before the feedback is drawn, so whatever the student has seen marked is already on disk.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from grader.quiz.model import localize
from grader.quiz.session import Feedback
from grader.tui.attempt import Attempt
from grader.tui.strings import tr
from grader.tui.text import bank_content
from grader.tui.widgets.choices import ChoiceList, ChoiceRow
from grader.tui.widgets.nav import NavButton
from grader.tui.widgets.prose import Prose


class QuestionScreen(Screen):
    AUTO_FOCUS = None  # focus is set per question: the answer box, or nothing (keys go to us)
    BINDINGS = [
        *[Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)],
        Binding("up,k", "move(-1)", show=False),
        Binding("down,j", "move(1)", show=False),
        Binding("space", "toggle", show=False),
        Binding("enter", "submit", show=False),
        Binding("n,right", "next", show=False),
        Binding("p,left", "previous", show=False),
        Binding("escape", "leave_input", show=False),
        Binding("pageup", "scroll_body(-1)", show=False),
        Binding("pagedown", "scroll_body(1)", show=False),
    ]

    def __init__(self, attempt: Attempt):
        super().__init__()
        self.attempt = attempt
        self.choice_list: ChoiceList | None = None
        self._shown_question: str | None = None

    @property
    def session(self):
        return self.attempt.session

    @property
    def locale(self) -> str:
        return self.app.locale

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="title-bar"):
            yield Static("", id="quiz-title", markup=False)
            yield Static("", id="progress", markup=False)
        with VerticalScroll(id="body", can_focus=False):
            yield Static("", id="topic", markup=False)
            yield Prose(id="prompt")
            yield Static("", id="kind-hint", markup=False)
            yield VerticalGroup(id="choices-slot")
            # The short-answer box (an Input) is mounted here only for short questions.
            yield Static("", id="verdict", markup=False)
            yield Prose(id="feedback")
        with HorizontalGroup(id="nav"):
            yield NavButton(id="prev")
            yield NavButton(id="check")
            yield NavButton(id="next")
        yield Prose(id="keys")

    async def on_mount(self) -> None:
        self.watch(self.app, "locale", self._locale_changed, init=False)
        await self.show_current()
        self.app.first_question_shown(self)

    def _box(self):
        """The short-answer Input, if the current question has one."""
        return next(iter(self.query("#short-answer")), None)

    # -- drawing ---------------------------------------------------------------------------

    async def show_current(self) -> None:
        """Draw the current question (rebuilding its options if the question changed)."""
        question = self.session.current
        if question.id != self._shown_question:
            self._shown_question = question.id
            slot = self.query_one("#choices-slot")
            await slot.remove_children()
            self.choice_list = None
            if question.kind != "short":
                self.choice_list = ChoiceList(self.session.options(question),
                                              multiple=question.kind == "multiple")
                await slot.mount(self.choice_list)
            slot.display = self.choice_list is not None
            old_box = self._box()
            if old_box is not None:
                await old_box.remove()
            if question.kind == "short":
                from textual.widgets import Input  # only short questions pay for it

                box = Input(id="short-answer", compact=True)
                box.cursor_blink = not self.app.is_headless  # snapshots need a still cursor
                await self.query_one("#body").mount(box, after=slot)
            self.query_one("#body").scroll_home(animate=False)
        self.refresh_text()
        feedback = self.session.feedback_for(question.id)
        box = self._box()
        if box is not None:
            box.disabled = feedback is not None
            if feedback is None:
                box.focus()
            else:
                box.value = str(feedback.response)
                self.set_focus(None)
        else:
            self.set_focus(None)

    def refresh_text(self) -> None:
        """Every text on the screen, in the current language."""
        locale, session, quiz = self.locale, self.session, self.session.quiz
        question = session.current
        self.query_one("#quiz-title", Static).update(Content(localize(quiz.title, locale)))
        self.query_one("#progress", Static).update(Content(tr(
            "progress", locale, n=session.index + 1, total=len(session.questions),
            answered=session.answered_count)))
        self.query_one("#topic", Static).update(Content(
            tr("topic", locale, topic=quiz.topic_title(question.topic, locale))))
        self.query_one("#prompt", Prose).update(bank_content(localize(question.prompt, locale)))
        self.query_one("#kind-hint", Static).update(Content(tr(f"kind_{question.kind}", locale)))
        box = self._box()
        if box is not None:
            box.placeholder = tr("short_placeholder", locale)
        if self.choice_list is not None:
            self.choice_list.set_locale(locale)
        self._draw_feedback(session.feedback_for(question.id))
        self.query_one("#prev", NavButton).set_label(tr("btn_prev", locale))
        self.query_one("#next", NavButton).set_label(tr(
            "btn_results" if self._at_end() else "btn_next", locale))
        check = self.query_one("#check", NavButton)
        check.set_label(tr("btn_check", locale))
        check.display = session.feedback_for(question.id) is None and question.kind != "single" \
            and question.kind != "true_false"
        if session.feedback_for(question.id) is not None:
            keys = "keys_answered"
        else:
            keys = {"short": "keys_short", "multiple": "keys_multiple"}.get(question.kind,
                                                                            "keys_question")
        self.query_one("#keys", Prose).update(
            tr(keys, locale, lang=tr("other_language", locale)))

    def _at_end(self) -> bool:
        """All answered and nothing after this question: 'next' means the results."""
        return self.session.finished and self.session.index == len(self.session.questions) - 1

    def _draw_feedback(self, feedback: Feedback | None) -> None:
        verdict = self.query_one("#verdict", Static)
        body = self.query_one("#feedback", Prose)
        verdict.display = body.display = feedback is not None
        if feedback is None:
            return
        locale = self.locale
        if self.choice_list is not None:
            chosen = feedback.response if isinstance(feedback.response, frozenset) else {
                feedback.response}
            self.choice_list.show_answer(chosen, feedback.correct_choice_ids)
        verdict.update(Content(tr("correct" if feedback.correct else "wrong", locale)))
        verdict.set_class(feedback.correct, "-correct")
        verdict.set_class(not feedback.correct, "-wrong")
        parts: list[Content] = []
        if feedback.accepted:
            parts.append(Content(tr("your_answer", locale, answer=feedback.response)))
            if not feedback.correct:
                parts.append(Content(tr("accepted", locale,
                                        answers=" | ".join(feedback.accepted))))
        for text in feedback.chosen_feedback:
            parts.append(bank_content("• " + localize(text, locale)))
        explanation = localize(feedback.explanation, locale)
        if explanation:
            parts.append(Content.styled(tr("explanation", locale), "bold"))
            parts.append(bank_content(explanation))
        if self.session.finished:
            parts.append(Content.styled(tr("all_answered", locale), "italic"))
        body.update(Content("\n").join(parts))

    def _locale_changed(self, _locale: str) -> None:
        self.refresh_text()

    # -- answering -------------------------------------------------------------------------

    async def answer(self, response: object) -> None:
        """Give the Session the response, save, then show the feedback."""
        question = self.session.current
        if self.session.feedback_for(question.id) is not None:
            return
        self.session.answer(response)
        await self.app.save_attempt(self.attempt)
        await self.show_current()
        # On a short terminal the verdict may be below the fold: bring it into view.
        self.call_after_refresh(self._reveal_feedback)

    def _reveal_feedback(self) -> None:
        # Show as much of the feedback as fits, but never scroll the verdict itself away.
        feedback = self.query_one("#feedback", Prose)
        if feedback.display:
            feedback.scroll_visible(animate=False)
            self.query_one("#verdict").scroll_visible(animate=False)

    def _answerable(self) -> bool:
        return self.session.feedback_for(self.session.current.id) is None

    async def action_pick(self, index: int) -> None:
        choices = self.choice_list
        if choices is None or not self._answerable() or index >= len(choices.choices):
            return
        if choices.multiple:
            choices.toggle(index)
        else:
            choices.highlight(index)
            await self.answer(choices.choices[index].id)

    def action_move(self, step: int) -> None:
        if self.choice_list is not None:
            self.choice_list.move(step)

    def action_toggle(self) -> None:
        if self.choice_list is not None and self.choice_list.multiple:
            self.choice_list.toggle()

    async def action_submit(self) -> None:
        choices = self.choice_list
        if not self._answerable():
            await self.action_next()
        elif choices is None:
            box = self._box()
            if box is not None:
                box.focus()
        elif choices.multiple:
            if not choices.ticked:
                self.notify(tr("choose_first", self.locale), timeout=3, markup=False)
                return
            await self.answer(frozenset(choices.ticked))
        else:
            await self.answer(choices.choices[choices.highlighted].id)

    async def on_input_submitted(self, event) -> None:
        if self.session.current.kind != "short" or event.input is not self._box():
            return
        if not event.value.strip():
            self.notify(tr("type_first", self.locale), timeout=3, markup=False)
            return
        await self.answer(event.value)

    @on(ChoiceRow.Clicked)
    async def row_clicked(self, event: ChoiceRow.Clicked) -> None:
        await self.action_pick(event.row.index)

    # -- moving ----------------------------------------------------------------------------

    async def action_next(self) -> None:
        session = self.session
        last = len(session.questions) - 1
        if session.index < last:
            session.next()
        elif session.finished:
            self.app.show_results(self.attempt)
            return
        else:
            session.go_to(session.first_unanswered())
        self.app.save_attempt_soon(self.attempt)
        await self.show_current()

    async def action_previous(self) -> None:
        if self.session.index > 0:
            self.session.previous()
            self.app.save_attempt_soon(self.attempt)
            await self.show_current()

    def action_leave_input(self) -> None:
        self.set_focus(None)

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        (body.scroll_page_down if direction > 0 else body.scroll_page_up)(animate=False)

    @on(NavButton.Pressed, "#prev")
    async def prev_pressed(self) -> None:
        await self.action_previous()

    @on(NavButton.Pressed, "#next")
    async def next_pressed(self) -> None:
        await self.action_next()

    @on(NavButton.Pressed, "#check")
    async def check_pressed(self) -> None:
        box = self._box()
        if box is not None:
            if box.value.strip():
                await self.answer(box.value)
            else:
                self.notify(tr("type_first", self.locale), timeout=3, markup=False)
        else:
            await self.action_submit()

