"""Reading Jupyter notebooks, and the IPython-only lines they contain, as plain data.

Nothing here runs code. `read_cells` turns a .ipynb file's bytes into its code cells (numbered
as the student sees them: 1-based position among all cells, markdown included) plus the
problems found on the way; `neutralise_ipython` blanks the lines that are IPython syntax rather
than Python (`%magic`, `!shell`, `obj?`), keeping line numbers, so the rest of a cell parses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MAX_JSON_CONTAINERS = 300_000

# Whole-cell magics whose body is still Python (only the first line is IPython syntax).
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

_HELP = re.compile(r"^\s*(\?\??[\w.]+|[\w.]+\?\??)\s*$")   # ?obj, obj?, ??obj, obj??
_ESCAPE = re.compile(r"^\s*(%|!)")                             # %magic, %%cell, !shell


@dataclass(frozen=True)
class Cell:
    number: int        # 1-based position among all cells of the notebook
    source: str


@dataclass(frozen=True)
class CellProblem:
    number: int         # 0 when the problem is about the whole file
    message: str
    file_line: int = 0  # a line of the .ipynb file itself (JSON errors), when known
    not_a_notebook: bool = False   # the file is no notebook at all (a page saved as .ipynb),
                                   # not a damaged one: there is nothing to grade


@dataclass(frozen=True)
class Neutralised:
    source: str                         # same number of lines, IPython lines blanked
    removed: tuple[tuple[int, str], ...]  # (1-based line, original text stripped)
    whole_cell: str | None = None       # set when the cell is a non-Python cell magic


_NO_CELLS = "the file is JSON but not a Jupyter notebook (no cells)"


def read_cells(data: bytes) -> tuple[list[Cell], list[CellProblem]]:
    """Code cells of an nbformat 4 (or 3) notebook; anything malformed becomes a problem."""
    problems: list[CellProblem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        # Recover what can be: the bad bytes are most likely inside one cell's text.
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(CellProblem(0, f"the notebook is not UTF-8 text (byte "
                                       f"0x{data[err.start]:02X} at line {line} of the .ipynb "
                                       "file); undecodable bytes were replaced", line))
        text = data.decode("utf-8-sig", errors="replace")
    # Each JSON array or object costs the parser ~80 bytes; a 20 MB file of `[],` would take
    # ~550 MB and seconds. A real notebook has a few per cell (tests/hostile notebook_*).
    containers = data.count(b"[") + data.count(b"{")
    if containers > MAX_JSON_CONTAINERS:
        return [], problems + [CellProblem(0, f"the notebook has {containers} JSON arrays and "
                                              f"objects (at most {MAX_JSON_CONTAINERS} are read)")]
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        return [], problems + [CellProblem(0, f"the notebook is not valid JSON ({err.msg} at line "
                                   f"{err.lineno}, column {err.colno} of the .ipynb file)",
                                err.lineno, not text.lstrip(" \t\r\n").startswith("{"))]
    except ValueError:  # a number of thousands of digits: Python refuses to convert it
        return [], problems + [CellProblem(0, "the notebook holds a number too long to read")]
    except RecursionError:  # JSON nested thousands deep (tests/hostile notebook_deep_json)
        return [], problems + [CellProblem(0, "the notebook's JSON is nested too deeply to read")]
    if not isinstance(doc, dict):
        return [], problems + [CellProblem(0, _NO_CELLS, not_a_notebook=True)]
    if isinstance(doc.get("cells"), list):
        raw_cells, field = doc["cells"], "source"
    elif (isinstance(doc.get("worksheets"), list) and doc["worksheets"]
          and isinstance(doc["worksheets"][0], dict)
          and isinstance(doc["worksheets"][0].get("cells"), list)):
        # nbformat 3: one worksheet, code in "input".
        raw_cells, field = doc["worksheets"][0]["cells"], "input"
    else:
        return [], problems + [CellProblem(0, _NO_CELLS, not_a_notebook=True)]

    cells: list[Cell] = []
    for number, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict):
            problems.append(CellProblem(number, "this cell is malformed and was skipped"))
            continue
        if raw.get("cell_type") != "code":
            continue
        source = raw.get(field, "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            problems.append(CellProblem(number, "this cell's source is malformed and was skipped"))
            continue
        cells.append(Cell(number, source))
    return cells, problems


def neutralise_ipython(source: str) -> Neutralised:
    """Blank IPython-only lines (keeping the line count) so the cell parses as Python.

    Callers use this only on text that does not parse as it is, so a `%` line inside a
    triple-quoted string of an otherwise valid cell is never touched.
    """
    lines = source.split("\n")
    first = next((line.strip() for line in lines if line.strip()), "")
    if first.startswith("%%"):
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in PYTHON_BODY_CELL_MAGICS:
            blank = "\n".join("" for _ in lines)
            return Neutralised(blank, ((1, first),), whole_cell=first)
    removed = []
    for index, line in enumerate(lines):
        if _ESCAPE.match(line) or _HELP.match(line):
            removed.append((index + 1, line.strip()))
            # Keep the indentation and a no-op, in case the line sits in an indented block.
            indent = line[: len(line) - len(line.lstrip())]
            lines[index] = f"{indent}pass" if indent else ""
    return Neutralised("\n".join(lines), tuple(removed))
