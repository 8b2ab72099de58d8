"""Results: score, pass/fail, a breakdown per topic and a review of every missed question."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from grader.quiz.model import Question, localize
from grader.quiz.session import Result
from grader.tui.attempt import Attempt
from grader.tui.strings import percent, tr
from grader.tui.text import bank_content
from grader.tui.widgets.prose import Prose

BAR_WIDTH = 10


def _bar(right: int, asked: int) -> str:
    filled = round(BAR_WIDTH * right / asked) if asked else 0
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class ResultsScreen(Screen):
    BINDINGS = [
        Binding("r", "retry", show=False),
        Binding("h,escape", "home", show=False),
        Binding("up,k", "scroll(-1)", show=False),
        Binding("down,j", "scroll(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown,space", "page(1)", show=False),
    ]

    def __init__(self, attempt: Attempt):
        super().__init__()
        self.attempt = attempt
        self.result: Result = attempt.session.result()

    def compose(self) -> ComposeResult:
        with HorizontalGroup(id="title-bar"):
            yield Static("", id="quiz-title", markup=False)
            yield Static("", id="score-badge", markup=False)
        with VerticalScroll(id="body", can_focus=False):
            yield Static("", id="verdict", markup=False)
            yield Prose(id="topics")
            yield Prose(id="review")
        with HorizontalGroup(id="nav"):
            retry = Button("", id="retry", compact=True)
            home = Button("", id="home", compact=True)
            retry.can_focus = home.can_focus = False
            yield retry
            yield home
        yield Prose(id="keys")

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self.refresh_text)

    def refresh_text(self, _locale: str | None = None) -> None:
        locale, result, quiz = self.app.locale, self.result, self.attempt.session.quiz
        self.query_one("#quiz-title", Static).update(Content(
            f"{tr('results', locale)} · {localize(quiz.title, locale)}"))
        self.query_one("#score-badge", Static).update(Content(tr(
            "score_line", locale, correct=result.correct, total=result.total,
            score=percent(result.score))))
        verdict = self.query_one("#verdict", Static)
        verdict.update(Content(tr("passed" if result.passed else "failed", locale,
                                  mark=percent(quiz.pass_mark))))
        verdict.set_class(result.passed, "-correct")
        verdict.set_class(not result.passed, "-wrong")
        self.query_one("#topics", Prose).update(self._topics(locale))
        self.query_one("#review", Prose).update(self._review(locale))
        retry = self.query_one("#retry", Button)
        retry.label = tr("btn_retry", locale, count=len(result.missed))
        retry.display = bool(result.missed)
        self.query_one("#home", Button).label = tr("btn_home", locale)
        self.query_one("#keys", Prose).update(
            tr("keys_results", locale, lang=tr("other_language", locale)))

    def _topics(self, locale: str) -> Content:
        quiz = self.attempt.session.quiz
        titles = {topic: quiz.topic_title(topic, locale) for topic in self.result.by_topic}
        width = max((Content(t).cell_length for t in titles.values()), default=0)
        lines = [Content.styled(tr("by_topic", locale), "bold underline")]
        for topic, (right, asked) in self.result.by_topic.items():
            title = Content(titles[topic]).pad_right(width - Content(titles[topic]).cell_length)
            style = "$text-success" if right == asked else "$text-warning"
            lines.append(Content.assemble(
                "  ", title, "  ", (_bar(right, asked), style), f"  {right}/{asked}"))
        return Content("\n").join(lines)

    def _review(self, locale: str) -> Content:
        session = self.attempt.session
        lines = [Content(""), Content.styled(tr("missed_review", locale), "bold underline")]
        if not self.result.missed:
            lines.append(Content(tr("nothing_missed", locale)))
        for question in self.result.missed:
            number = session.questions.index(question) + 1
            lines.append(Content(""))
            lines.append(Content.styled(f"{number}. ", "bold")
                         + bank_content(localize(question.prompt, locale)))
            lines.append(self._your_answer(question, locale))
            lines.append(Content.styled(
                tr("right_answer", locale, answer=self._right_answer(question, locale)),
                "$text-success"))
            explanation = localize(question.explanation, locale)
            if explanation:
                lines.append(bank_content(explanation, "italic"))
        return Content("\n").join(lines)

    def _option_text(self, question: Question, choice_id: str, locale: str) -> str:
        options = self.attempt.session.options(question)
        for number, choice in enumerate(options, 1):
            if choice.id == choice_id:
                return f"{number}. {localize(choice.text, locale)}"
        return choice_id

    def _your_answer(self, question: Question, locale: str) -> Content:
        feedback = self.attempt.session.feedback_for(question.id)
        if feedback is None:
            answer = tr("not_answered", locale)
        elif question.kind == "short":
            answer = str(feedback.response)
        else:
            chosen = feedback.response if isinstance(feedback.response, frozenset) else [
                feedback.response]
            order = [c.id for c in self.attempt.session.options(question)]
            answer = "; ".join(self._option_text(question, cid, locale)
                               for cid in sorted(chosen, key=order.index))
        return Content.styled(tr("your_answer", locale, answer=answer), "$text-error")

    def _right_answer(self, question: Question, locale: str) -> str:
        if question.kind == "short":
            return " | ".join(question.answers)
        correct = [c.id for c in self.attempt.session.options(question) if c.correct]
        return "; ".join(self._option_text(question, cid, locale) for cid in correct)

    # -- actions ---------------------------------------------------------------------------

    async def action_retry(self) -> None:
        if self.result.missed:
            await self.app.retry_missed(self.attempt)

    async def action_home(self) -> None:
        await self.app.show_home()

    def action_scroll(self, step: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        body.scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#body", VerticalScroll)
        (body.scroll_page_down if step > 0 else body.scroll_page_up)(animate=False)

    @on(Button.Pressed, "#retry")
    async def retry_pressed(self) -> None:
        await self.action_retry()

    @on(Button.Pressed, "#home")
    async def home_pressed(self) -> None:
        await self.action_home()
