"""Line breaking that suits Chinese as well as English.

Textual wraps at spaces only, so a run of Chinese (which has no spaces) is one unbreakable "word":
it jumps whole to the next line, leaving a ragged gap. Here every CJK character is a break
opportunity, except that closing punctuation never starts a line and opening punctuation never
ends one (the usual 禁则 rule). Widths are terminal cells (a CJK character is two).
"""

from __future__ import annotations

import re

from rich.cells import cell_len, get_character_cell_size

# A "unit" is what must stay together: a run of non-space non-CJK characters (a word, a formula
# such as a^[2] or np.tanh(Z1)), or one CJK character; trailing spaces go with it.
_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
_UNIT = re.compile(rf"(?:[{_CJK}]|[^\s{_CJK}]+)[^\S\n]*|[^\S\n]+")
# Never at the start of a line / never at the end of one.
_NO_START = set("，。、；：？！）」』】》〉”’…—·,.;:?!)]}%")
_NO_END = set("（「『【《〈“‘([{")


def _units(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in _UNIT.finditer(line)]


def _glue(line: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join units that must not be separated by a line break (see _NO_START/_NO_END)."""
    glued: list[list[int]] = []
    for start, end in spans:
        if glued and (line[start] in _NO_START or line[glued[-1][1] - 1] in _NO_END):
            glued[-1][1] = end
        else:
            glued.append([start, end])
    return [(start, end) for start, end in glued]


def break_offsets(line: str, width: int) -> list[int]:
    """Offsets (into `line`, which has no newline) at which to break it to fit `width` cells."""
    width = max(1, width)
    breaks: list[int] = []
    used = 0
    for start, end in _glue(line, _units(line)):
        unit = line[start:end]
        visible = cell_len(unit.rstrip())
        if used and used + visible > width:
            breaks.append(start)
            used = 0
        if visible > width:  # longer than a whole line: fold it by cells
            for index, char in enumerate(unit.rstrip()):
                size = get_character_cell_size(char)
                if used + size > width and used:
                    breaks.append(start + index)
                    used = 0
                used += size
            used += cell_len(unit) - visible
        else:
            used += cell_len(unit)
    return [offset for offset in breaks if 0 < offset < len(line)]


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` cells (trailing spaces dropped)."""
    lines: list[str] = []
    for line in text.split("\n"):
        offsets = [0, *break_offsets(line, width), len(line)]
        lines.extend(line[a:b].rstrip() for a, b in zip(offsets, offsets[1:]))
    return lines
