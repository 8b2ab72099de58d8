"""Bank text -> Textual Content, never through markup.

Prompts are full of square brackets (a^[2], x[i], W[1]) that Rich/Textual markup would eat, so
bank text is only ever turned into Content as plain text. The one thing styled is `inline code`
(backticks), and ``` fenced blocks, whose lines are kept as they are.
"""

from __future__ import annotations

from textual.content import Content

CODE_STYLE = "bold $text-accent"


def bank_content(text: str, style: str = "") -> Content:
    """Plain `text` as Content; `code` spans and fenced blocks are styled, nothing else parsed."""
    lines: list[Content] = []
    in_fence = False
    for line in text.strip("\n").split("\n"):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            continue  # the fence marker itself is not shown
        if in_fence:
            lines.append(Content.styled(line, CODE_STYLE))
            continue
        parts = line.split("`")
        if len(parts) % 2 == 0:  # an unmatched backtick: show the line as typed
            parts = [line]
        line_content = Content("")
        for i, part in enumerate(parts):
            if part:
                line_content += Content.styled(part, CODE_STYLE if i % 2 else style)
        lines.append(line_content)
    return Content("\n").join(lines)
