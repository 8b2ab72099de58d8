"""The key help, over whatever screen is showing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from grader.tui.strings import tr
from grader.tui.widgets.prose import Prose


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", show=False)]

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("", id="help-title", markup=False)
            yield Prose(id="help-body")
            yield Static("", id="help-close", markup=False)

    def on_mount(self) -> None:
        self.watch(self.app, "locale", self.refresh_text)

    def refresh_text(self, _locale: str | None = None) -> None:
        locale = self.app.locale
        self.query_one("#help-title", Static).update(Content(tr("help_title", locale)))
        self.query_one("#help-body", Prose).update(tr("help_body", locale))
        self.query_one("#help-close", Static).update(Content(tr("help_close", locale)))

    def on_click(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        self.dismiss()
