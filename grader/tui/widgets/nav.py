"""A one-line clickable label: the mouse's way to do what a key does.

Lighter than textual's Button (which start-up pays for in CSS and imports), and never focused,
so Enter and the other keys always reach the screen.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static


class NavButton(Static):
    DEFAULT_CSS = """
    NavButton {
        width: auto;
        height: 1;
        padding: 0 1;
        margin: 0 2 0 0;
        background: $panel;
        text-style: bold;
    }
    NavButton:hover {
        background: $primary;
    }
    """

    class Pressed(Message):
        def __init__(self, button: NavButton):
            super().__init__()
            self.button = button

        @property
        def control(self) -> NavButton:
            return self.button

    def __init__(self, label: str = "", id: str | None = None):
        super().__init__(Content(label), id=id, markup=False)

    def set_label(self, label: str) -> None:
        self.update(Content(label))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Pressed(self))
