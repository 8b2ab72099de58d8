"""The options of a question: numbered rows, a highlight, ticks for multiple choice.

Pure display plus a little cursor state (which row is highlighted, which are ticked); the screen
turns keys and clicks into calls here and hands the response to the Session. After an answer the
rows show which options were right (✔) and which chosen ones were wrong (✘).
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from grader.quiz.model import Choice, localize
from grader.tui.text import bank_content
from grader.tui.widgets.prose import Prose


class ChoiceRow(HorizontalGroup):
    """One option: a marker column ("1 ( )") and its text, wrapped with a hanging indent."""

    class Clicked(Message):
        def __init__(self, row: ChoiceRow):
            super().__init__()
            self.row = row

    def __init__(self, index: int, choice: Choice):
        super().__init__(classes="choice-row")
        self.index = index
        self.choice = choice
        self.marker = Static("", classes="choice-marker", markup=False)
        self.text = Prose(classes="choice-text")

    def compose(self):
        yield self.marker
        yield self.text

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class ChoiceList(VerticalGroup):
    """The rows of one question, in the attempt's order."""

    def __init__(self, choices: Iterable[Choice], multiple: bool, id: str | None = None):
        super().__init__(id=id)
        self.choices = tuple(choices)
        self.multiple = multiple
        self.highlighted = 0
        self.ticked: set[str] = set()
        self.locked = False  # answered: no more changes
        self._correct_ids: set[str] = set()
        self._chosen_ids: set[str] = set()
        self.rows = [ChoiceRow(i, choice) for i, choice in enumerate(self.choices)]

    def compose(self):
        yield from self.rows

    # -- state changes (called by the screen) ----------------------------------------------

    def move(self, step: int) -> None:
        if self.rows and not self.locked:
            self.highlighted = (self.highlighted + step) % len(self.rows)
            self.refresh_marks()
            self.rows[self.highlighted].scroll_visible(animate=False)

    def highlight(self, index: int) -> None:
        if 0 <= index < len(self.rows) and not self.locked:
            self.highlighted = index
            self.refresh_marks()

    def toggle(self, index: int | None = None) -> None:
        """Tick or untick a row (multiple choice)."""
        index = self.highlighted if index is None else index
        if not (0 <= index < len(self.rows)) or self.locked:
            return
        choice_id = self.choices[index].id
        self.ticked.symmetric_difference_update({choice_id})
        self.highlighted = index
        self.refresh_marks()

    def show_answer(self, chosen: Iterable[str], correct: Iterable[str]) -> None:
        """Lock the rows and mark the right options and the chosen wrong ones."""
        self.locked = True
        self._chosen_ids = set(chosen)
        self._correct_ids = set(correct)
        self.ticked = set(self._chosen_ids)
        self.refresh_marks()

    # -- drawing ---------------------------------------------------------------------------

    def _marker(self, index: int, choice: Choice) -> str:
        number = str(index + 1) if index < 9 else " "
        if self.locked:
            if choice.id in self._correct_ids:
                sign = "✔"
            elif choice.id in self._chosen_ids:
                sign = "✘"
            else:
                sign = " "
            box = ("[x]" if choice.id in self._chosen_ids else "[ ]") if self.multiple else (
                "(*)" if choice.id in self._chosen_ids else "( )")
            return f"{sign}{number} {box} "
        if self.multiple:
            box = "[x]" if choice.id in self.ticked else "[ ]"
        else:
            box = "( )"
        pointer = ">" if index == self.highlighted else " "
        return f"{pointer}{number} {box} "

    def refresh_marks(self) -> None:
        for row in self.rows:
            choice = row.choice
            row.marker.update(Content(self._marker(row.index, choice)))
            row.set_class(row.index == self.highlighted and not self.locked, "-highlighted")
            row.set_class(self.locked and choice.id in self._correct_ids, "-correct")
            row.set_class(self.locked and choice.id in self._chosen_ids
                          and choice.id not in self._correct_ids, "-wrong")
            row.set_class(choice.id in self.ticked, "-ticked")

    def set_locale(self, locale: str) -> None:
        for row in self.rows:
            row.text.update(bank_content(localize(row.choice.text, locale)))
        self.refresh_marks()
