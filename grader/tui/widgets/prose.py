"""A block of text that wraps Chinese and English sensibly (see grader.tui.wrap)."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from grader.tui.wrap import break_offsets


def wrap_content(content: Content, width: int) -> list[Content]:
    """`content` as lines of at most `width` cells, styles kept."""
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        offsets = break_offsets(line.plain, width)
        pieces = line.divide(offsets) if offsets else [line]
        lines.extend(piece.rstrip() for piece in pieces)
    return lines


class Prose(Widget):
    """Text (a str is plain text, never markup) wrapped to the widget's width."""

    DEFAULT_CSS = """
    Prose { height: auto; }
    """

    def __init__(self, content: Content | str = "", *, id: str | None = None,
                 classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._content = Content(content) if isinstance(content, str) else content
        self._cache: tuple[int, list[Content]] | None = None

    @property
    def plain(self) -> str:
        return self._content.plain

    def update(self, content: Content | str) -> None:
        content = Content(content) if isinstance(content, str) else content
        if content.is_same(self._content):
            return
        self._content = content
        self._cache = None
        self.refresh(layout=True)

    def _lines(self, width: int) -> list[Content]:
        if self._cache is None or self._cache[0] != width:
            self._cache = (width, wrap_content(self._content, width))
        return self._cache[1]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_length for line in self._content.split("\n")), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width)) if self._content.plain else 0

    def render(self) -> Content:
        return Content("\n").join(self._lines(max(1, self.size.width)))
