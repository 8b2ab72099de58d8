"""A submitted .py or .ipynb file, turned into the module text the sandbox runs.

Only definitions survive: imports, functions, classes and constant assignments. Every other
top-level statement (data loading, training, sweeps, plots, test cells, magics) is dropped and
listed, so grading is fast and a function that leaned on a notebook global (`parameters` read
inside compute_cost) fails the way it would in a fresh process. Kept statements keep their
original text at their original line numbers, so the child's tracebacks point at what the
student sees; `location` turns such a line into "line 12" or "cell 7, line 3".

Everything here is parsing (ast, symtable); nothing the student wrote runs in this process.
"""

from __future__ import annotations

import ast
import bisect
import builtins
import re
import symtable
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from grader.errors import UserError
from grader.grading import course_modules
from grader.grading.notebook import neutralise_ipython, read_cells
from grader.grading.signature import Signature
from grader.grading.source_facts import SourceFacts, facts_of

MAX_BYTES = 20 << 20        # larger than any real notebook with its outputs
# What is analysed, so the trusted parent stays fast and small on any input (tests/hostile
# many_statements): a course notebook's code is ~20 KB in ~40 cells. Beyond these, the rest
# of the file is a located problem.
MAX_CODE_CHARS = 128 << 10
MAX_CODE_CELLS = 1000
MAX_LINE_CHARS = 10_000     # a longer line's top-level block is not analysed (a 100000-deep sum)
MAX_DEPTH = 200             # AST nesting; deeper statements are skipped (our walks recurse)
MAX_LISTED = 50             # problems and dropped-code summaries listed; then "... more"
MAX_MERGE = 25              # how many top-level blocks a syntax-error recovery may join
_MODULE_DUNDERS = frozenset({"__name__", "__file__", "__doc__", "__spec__", "__loader__",
                             "__package__", "__builtins__", "__annotations__", "__path__"})
_BUILTINS = frozenset(dir(builtins))


@dataclass(frozen=True)
class FunctionInfo:
    name: str
    line: int                        # the `def` line in `source` (= the file's line for .py)
    free_globals: frozenset[str]     # read by the body, defined nowhere in the kept module
    signature: Signature
    facts: SourceFacts = field(default_factory=SourceFacts)

    @property
    def params(self) -> tuple[str, ...]:
        return self.signature.names


@dataclass(frozen=True)
class SourceProblem:
    line: int                        # a line of `source`; 0 when it is about the whole file
    message: str
    where: str                       # "line 12", "cell 7, line 3", or "whole file"
    # Functions/classes whose definition was skipped because of this problem (a syntax error
    # in them, ...): a report can say why they are missing. Empty for whole-file problems.
    lost: tuple[str, ...] = ()


@dataclass(frozen=True)
class Submission:
    path: Path
    kind: Literal["py", "ipynb"]
    source: str
    filename: str
    functions: dict[str, FunctionInfo]
    problems: tuple[SourceProblem, ...]
    dropped: tuple[str, ...]
    modules: dict[str, str]
    # For notebooks: (cell number, line in cell) of each line of `source`; empty for .py.
    cell_lines: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    unreadable: str = ""             # why there is nothing to grade at all (not a notebook, ...)


def location(submission: Submission, line: int) -> str:
    """Where a line of `source` is in the student's own file: "line 12" or "cell 7, line 3"."""
    if line <= 0:
        return "whole file"
    if submission.kind == "ipynb" and 1 <= line <= len(submission.cell_lines):
        cell, cell_line = submission.cell_lines[line - 1]
        return f"cell {cell}, line {cell_line}"
    return f"line {line}"


def load_submission(path: Path) -> Submission:
    """Read and extract a submission. Bad content becomes `problems`; only a bad path raises."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"{path}: no such file")
    if path.is_dir():
        raise UserError(f"{path}: is a folder; give the .py or .ipynb file to grade")
    kind: Literal["py", "ipynb"] = "ipynb" if path.suffix.lower() == ".ipynb" else "py"
    unreadable = ""

    def whole_file(message: str) -> Submission:
        problem = SourceProblem(0, message, "whole file")
        return Submission(path, kind, "", path.name, {}, (problem,), (), {})

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return whole_file(f"the file is too large to grade ({size >> 20} MB; "
                              f"the limit is {MAX_BYTES >> 20} MB)")
        data = path.read_bytes()
    except OSError as err:
        return whole_file(f"the file could not be read ({err.strerror or err})")

    if kind == "ipynb":
        pieces, early, unreadable = _notebook_pieces(data)
    else:
        pieces, early = _python_pieces(data)
    if not early and not any(piece.text.strip() for piece in pieces):
        early = [SourceProblem(0, "the file is empty: there is no code to grade", "whole file")]
    pieces, unread = _within_caps(kind, pieces)
    try:
        with warnings.catch_warnings():
            # Parsing student text warns about its style (`"\d"`, `x is 1`): not ours to print.
            warnings.simplefilter("ignore")
            return replace(_extract(path, kind, pieces, early, unread), unreadable=unreadable)
    except (RecursionError, MemoryError):
        # Not expected (deep statements are skipped one by one); a last resort, not a traceback.
        return whole_file("the code is too deeply nested to analyse")


# ---------------------------------------------------------------- reading into pieces

@dataclass(frozen=True)
class _Piece:
    """A run of lines parsed on its own: the whole .py file, or one notebook cell."""
    text: str
    first: int       # its first line's number in `source`
    cell: int = 0    # notebook cell number; 0 for .py
    # Blocks blanked before parsing (a line too long to analyse): (source line, message, lost)
    blanked: tuple[tuple[int, str, tuple[str, ...]], ...] = ()


def _python_pieces(data: bytes) -> tuple[list[_Piece], list[SourceProblem]]:
    problems: list[SourceProblem] = []
    text = _decode(data, problems)
    return [_Piece(text, 1)], problems


def _decode(data: bytes, problems: list[SourceProblem]) -> str:
    """UTF-8 text; undecodable bytes and NULs are reported at their line and replaced."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.append(SourceProblem(
            line, f"the file is not UTF-8 text (byte 0x{data[err.start]:02X} at line {line}); "
                  "save it as UTF-8. Undecodable bytes were replaced", f"line {line}"))
        text = data.decode("utf-8", errors="replace")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        problems.append(SourceProblem(line, "the file contains NUL bytes (is it a binary file?)",
                                      f"line {line}"))
        text = text.replace("\x00", " ")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _notebook_pieces(data: bytes) -> tuple[list[_Piece], list[SourceProblem], str]:
    """The code cells as pieces, the problems of the file, and why it is not a notebook at all
    (an HTML page saved as .ipynb: one sentence and exit 2, not a "missing" line per function;
    a damaged notebook keeps its problems and its functions' verdicts)."""
    cells, cell_problems = read_cells(data)
    unreadable = next((f"this is not a Jupyter notebook ({p.message})"
                       for p in cell_problems if p.not_a_notebook), "")
    # These are about the .ipynb file itself, not a line of `source`: line 0.
    problems = [
        SourceProblem(0, p.message, f"line {p.file_line} of the .ipynb file") if p.file_line
        else SourceProblem(0, p.message, f"cell {p.number}" if p.number else "whole file")
        for p in cell_problems
    ]
    pieces = []
    first = 1
    for cell in cells:
        text = cell.source.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", " ")
        pieces.append(_Piece(text, first, cell.number))
        first += text.count("\n") + 1
    return pieces, problems, unreadable


def _within_caps(kind: str, pieces: list[_Piece]) -> tuple[list[_Piece], list[SourceProblem]]:
    """The pieces within MAX_LINE_CHARS, MAX_CODE_CELLS and MAX_CODE_CHARS, and the problem
    saying what was not read.

    A .py file is read up to the limit (cut at a line break). A notebook over it keeps the
    cells that define or import things first, so cells of top-level calls cannot push the
    graded functions out."""
    pieces = [_without_long_lines(piece) for piece in pieces]
    total = sum(len(piece.text) for piece in pieces)
    size = f"{MAX_CODE_CHARS >> 10} KB of code (this file has {total >> 10} KB)"
    if kind == "ipynb":
        if len(pieces) <= MAX_CODE_CELLS and total <= MAX_CODE_CHARS:
            return pieces, []
        order = sorted(range(len(pieces)),
                       key=lambda i: (_DEFINES.search(pieces[i].text) is None, i))
        chosen, room = set(), MAX_CODE_CHARS
        for index in order:
            if len(chosen) < MAX_CODE_CELLS and len(pieces[index].text) <= room:
                chosen.add(index)
                room -= len(pieces[index].text)
        left = [piece.cell for index, piece in enumerate(pieces) if index not in chosen]
        renumbered, first = [], 1
        for index in sorted(chosen):
            renumbered.append(replace(pieces[index], first=first))
            first += pieces[index].text.count("\n") + 1
        shown = ", ".join(map(str, left[:5])) + (f" and {len(left) - 5} more" if len(left) > 5
                                                  else "")
        s_ = "s" * (len(left) > 1)
        message = (f"{len(left)} code cell{s_} {'were' if s_ else 'was'} not read (cell{s_} "
                   f"{shown}): grading reads at most {MAX_CODE_CELLS} code cells and {size}; "
                   "cells that define or import come first")
        return renumbered, [SourceProblem(0, message, f"cell {left[0]}")]
    (piece,) = pieces
    if len(piece.text) <= MAX_CODE_CHARS:
        return pieces, []
    cut = piece.text.rfind("\n", 0, MAX_CODE_CHARS) + 1
    line = piece.text.count("\n", 0, cut) + 1
    problem = SourceProblem(line, f"the code from here on was not read: grading reads at most "
                                  f"{size}", f"line {line}")
    return ([replace(piece, text=piece.text[:cut])] if cut else []), [problem]


_DEFINES = re.compile(r"^(?:(?:async\s+)?def|class|import|from)\b|^@", re.MULTILINE)


def _without_long_lines(piece: _Piece) -> _Piece:
    """The piece with each top-level block that holds a line over MAX_LINE_CHARS blanked
    (lines kept, so numbers do not move): parsing it would cost the parent seconds for
    nothing a student writes. The block is reported as skipped, the rest still loads."""
    if piece.text.count("\n") >= MAX_CODE_CHARS:
        return piece    # cannot be read whole anyway (a line costs the cap a character or more)
    lines = piece.text.split("\n")
    if max(map(len, lines)) <= MAX_LINE_CHARS:
        return piece
    bounds = _block_starts(lines) + [len(lines)]
    blanked = []
    for lo, hi in zip(bounds, bounds[1:]):
        longest = max(len(line) for line in lines[lo:hi])
        if longest > MAX_LINE_CHARS:
            blanked.append(_syntax_error(None, piece.first + lo, lines[lo:hi], piece.first + lo,
                                         message=f"a line is too long to analyse ({longest} "
                                                 f"characters; at most {MAX_LINE_CHARS})"))
            lines[lo:hi] = [""] * (hi - lo)
    return replace(piece, text="\n".join(lines), blanked=tuple(blanked))


# ---------------------------------------------------------------- parsing with recovery

@dataclass
class _Parsed:
    statements: list[ast.stmt]                  # line numbers already in `source` terms
    lines: list[str]                            # the piece's text, IPython lines blanked
    magics: list[tuple[int, str]]               # (source line, text) of IPython lines
    errors: list[tuple[int, str, tuple[str, ...]]]  # (source line, message, names lost)
    whole_cell_magic: str | None = None


# What ast.parse raises on text it cannot take: bad syntax, NUL bytes, and nesting too deep
# for the parser (MemoryError from its stack guard) or for building the tree (RecursionError).
_UNPARSABLE = (SyntaxError, ValueError, RecursionError, MemoryError)


def _parse_piece(piece: _Piece, budget: _Budget) -> _Parsed:
    text = piece.text
    try:
        tree = ast.parse(text)
    except _UNPARSABLE:
        pass
    else:
        lines = text.split("\n")
        statements, errors = _settle(tree.body, lines, piece.first)
        return _Parsed(statements, lines, [], errors)
    # Not plain Python: blank the IPython lines (magics, shell escapes) and try again.
    neutral = neutralise_ipython(text)
    magics = [(piece.first + line - 1, what) for line, what in neutral.removed]
    parsed = _parse_recovering(neutral.source, piece.first, budget)
    parsed.magics = magics
    parsed.whole_cell_magic = neutral.whole_cell
    return parsed


def _settle(statements: list[ast.stmt], lines: list[str], first: int
            ) -> tuple[list[ast.stmt], list[tuple[int, str, tuple[str, ...]]]]:
    """The statements with line numbers moved to `source` terms (the piece starts at line
    `first`), minus those nested deeper than MAX_DEPTH, which become errors: the analysis
    below (and ast.unparse) recurses, so one pathological def must not take the file down."""
    settled, errors = [], []
    for top in statements:
        start = min([top.lineno] + [d.lineno for d in getattr(top, "decorator_list", [])])
        block = lines[start - 1:top.end_lineno]
        if _walk_shifting(top, first - 1):
            settled.append(top)
        else:
            errors.append(_syntax_error(RecursionError(), first - 1 + start, block,
                                        first - 1 + start))
    return settled, errors


def _walk_shifting(top: ast.AST, by: int) -> bool:
    """Add `by` to every line number under `top` (one pass, as ast.increment_lineno but
    skipped when 0), stopping with False below MAX_DEPTH."""
    stack = [(top, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if by and "lineno" in node._attributes:
            node.lineno += by
            if getattr(node, "end_lineno", None) is not None:
                node.end_lineno += by
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, ast.AST):
                stack.append((value, depth + 1))
            elif isinstance(value, list):
                stack.extend((item, depth + 1) for item in value if isinstance(item, ast.AST))
    return True


_CONTINUES = re.compile(r"(else|elif|except|finally)\b|[)\]}]")


def _starts_block(line: str, previous: str) -> bool:
    """A column-0 line that (probably) begins a new top-level statement."""
    if not line or line[0] in " \t#" or _CONTINUES.match(line):
        return False
    return not previous.startswith("@")   # a decorator and its def stay together


@dataclass
class _Budget:
    """Parsing left for syntax-error recovery in the whole file, so a hopeless one stays fast."""
    chars: int       # characters parsed; when spent, a failing block is no longer joined
    failures: int    # failing blocks; when spent, the rest of the code is not analysed


def _block_starts(lines: list[str]) -> list[int]:
    """Indexes of the lines that (probably) begin top-level statements; 0 always."""
    starts = [0]
    previous = ""
    for index, line in enumerate(lines):
        if index and _starts_block(line, previous):
            starts.append(index)
        if line.strip() and not line.lstrip().startswith("#"):
            previous = line
    return starts


def _parse_recovering(text: str, first: int, budget: _Budget) -> _Parsed:
    """Parse what parses: on a syntax error, split at top-level blocks and keep the good ones.

    The longest run of blocks that parses is taken whole (the error's line says where to cut
    once; otherwise the run restarts at one block and doubles while it parses), so the cost
    grows with the errors, not with the blocks. A block that fails alone is retried joined with
    the following blocks (a column-0 line inside a triple-quoted string is not a real
    boundary); if no join parses, that block alone is lost and its error reported.
    """
    lines = text.split("\n")
    try:
        tree = ast.parse(text)
    except _UNPARSABLE:
        pass
    else:
        statements, errors = _settle(tree.body, lines, first)
        return _Parsed(statements, lines, [], errors)
    starts = _block_starts(lines)
    bounds = starts + [len(lines)]
    statements: list[ast.stmt] = []
    errors: list[tuple[int, str, tuple[str, ...]]] = []

    def parse(i: int, j: int) -> ast.Module | Exception:
        """Blocks i..j-1 parsed, their statements settled; or the error."""
        segment = "\n".join(lines[bounds[i]:bounds[j]])
        budget.chars -= len(segment)
        try:
            tree = ast.parse(segment)
        except _UNPARSABLE as err:
            return err
        settled, deep = _settle(tree.body, lines[bounds[i]:bounds[j]], first + bounds[i])
        statements.extend(settled)
        errors.extend(deep)
        return tree

    def block_of(err: Exception, i: int) -> int | None:
        if not isinstance(err, SyntaxError) or not err.lineno:
            return None
        return bisect.bisect_right(starts, bounds[i] + err.lineno - 1) - 1

    i, window = 0, len(starts)
    while i < len(starts):
        if budget.failures <= 0:
            errors.append(_syntax_error(SyntaxError("too many syntax errors; the code from here "
                                                    "on was not analysed"),
                                        first + bounds[i], lines[bounds[i]:], first + bounds[i]))
            break
        end, cut_once = min(len(starts), i + window), False
        while not isinstance(result := parse(i, end), ast.Module) and end - i > 1:
            cut = None if cut_once else block_of(result, i)
            if cut is None or not i < cut < end:
                # No line to cut at, or the cut did not help (an error found far from its
                # cause, as with too many open brackets): from block i again, one at a time.
                cut, window = i + 1, 1
            end, cut_once = cut, True
        if isinstance(result, ast.Module):
            i, window = end, window * 2
            continue
        # Block i fails alone: joined with the next ones, unless it is too deep already (more
        # text cannot make it shallower).
        joined = None
        if not isinstance(result, (RecursionError, MemoryError)):
            for j in range(i + 2, min(len(starts), i + MAX_MERGE) + 1):
                if budget.chars <= 0:
                    break
                if isinstance(parse(i, j), ast.Module):
                    joined = j
                    break
        if joined is not None:
            i = joined
            continue
        budget.failures -= 1
        errors.append(_syntax_error(result, first + bounds[i], lines[bounds[i]:bounds[i + 1]],
                                    first + bounds[i]))
        i += 1
    return _Parsed(statements, lines, [], errors)


def _syntax_error(err: Exception | None, fallback: int, block: list[str],
                  block_first: int, message: str = "") -> tuple[int, str, tuple[str, ...]]:
    if message:
        line = fallback
    elif isinstance(err, (RecursionError, MemoryError)):
        line, message = fallback, "the code is nested too deeply to analyse"
    elif isinstance(err, SyntaxError):
        line = (block_first - 1 + err.lineno) if err.lineno else fallback
        # "(detected at line 3)" would count from the block, not the file: the line is given.
        message = f"{type(err).__name__}: {re.sub(r' [(]detected at line [0-9]+[)]', '', err.msg)}"
    else:
        line, message = fallback, f"SyntaxError: {err}"
    names = [m.group(1) for text in block
             if (m := re.match(r"(?:async\s+)?(?:def|class)\s+(\w+)", text))]
    last = block_first + len(block) - 1
    while last > block_first and not block[last - block_first].strip():
        last -= 1
    span = f"line {block_first}" if last == block_first else f"lines {block_first}-{last}"
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    lost = f"function {shown}" if names else "code"
    return line, f"{message} ({lost} at {span} skipped)", tuple(names)


# ---------------------------------------------------------------- what to keep

def _import_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or not node.module:
        return []
    return [node.module]


def _is_constant(value: ast.expr) -> bool:
    """A number, string, bool or None, arithmetic on those (`1 / 3`), or a tuple of those.

    Lists, dicts and sets are not constants here: `parameters = {...}` at top level is the
    notebook global a graded function must not lean on.
    """
    if isinstance(value, ast.Constant):
        return True
    if isinstance(value, ast.Tuple):
        return all(_is_constant(item) for item in value.elts)
    if isinstance(value, ast.UnaryOp):
        return _is_constant(value.operand)
    if isinstance(value, ast.BinOp):
        return _is_constant(value.left) and _is_constant(value.right)
    return False


def _plain_targets(targets: list[ast.expr]) -> bool:
    def plain(target):
        if isinstance(target, ast.Name):
            return True
        return isinstance(target, (ast.Tuple, ast.List)) and all(plain(t) for t in target.elts)
    return all(plain(t) for t in targets)


def _keep(node: ast.stmt) -> bool:
    """Whether a top-level statement only defines things (safe and fast to run)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return True
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        if isinstance(node, ast.ImportFrom) and (node.level or not node.module):
            return False   # a relative import has no package to come from
        return all(course_modules.role(name) != "refused" for name in _import_names(node))
    if isinstance(node, ast.Assign):
        if isinstance(node.value, ast.Lambda):
            return _plain_targets(node.targets)
        return _plain_targets(node.targets) and _is_constant(node.value)
    if isinstance(node, ast.AnnAssign):
        return isinstance(node.target, ast.Name) and (
            node.value is None or _is_constant(node.value))
    if isinstance(node, ast.If):
        # `if __name__ == "__main__":` guards exactly what should not run here.
        if "__name__" in {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}:
            return False
        return _is_constant_test(node.test) and all(map(_keep, node.body + node.orelse))
    if isinstance(node, ast.Try):
        # e.g. try: from planar_utils import sigmoid / except ImportError: def sigmoid(...)
        handlers = [stmt for handler in node.handlers for stmt in handler.body]
        return all(map(_keep, node.body + handlers + node.orelse + node.finalbody))
    if isinstance(node, ast.Pass):
        return True
    return False


def _is_constant_test(test: ast.expr) -> bool:
    return _is_constant(test) or isinstance(test, (ast.Name, ast.Compare, ast.BoolOp))


def _silent(node: ast.stmt) -> bool:
    """Dropped without a mention: docstrings and bare strings (comments in effect)."""
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)


# ---------------------------------------------------------------- describing what was dropped

def _short(node: ast.AST, width: int = 40) -> str:
    if isinstance(node, ast.Call):
        return f"{_callee(node.func)}(...)"
    text = ast.unparse(node)
    return text if len(text) <= width else text[: width - 3] + "..."


def _callee(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return f"{_callee(func.value)}.{func.attr}"
    if isinstance(func, ast.Call):
        return f"{_callee(func.func)}()"
    if isinstance(func, ast.Subscript):
        return f"{_callee(func.value)}[...]"
    return type(func).__name__.lower()


def _magic(call: ast.Call) -> str:
    """nbconvert's `get_ipython().run_line_magic('matplotlib', 'inline')`, shown as written."""
    method = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    args = [a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    prefix = {"run_line_magic": "%", "run_cell_magic": "%%", "system": "!"}.get(method)
    if prefix is None or not args:
        return "IPython call"
    text = prefix + (args[0] if prefix == "!" else " ".join(args[:2]))
    return text.strip()[:60]


def _target(node: ast.expr) -> str:
    if isinstance(node, ast.Tuple):
        return ", ".join(ast.unparse(item) for item in node.elts)
    return ast.unparse(node)


def _describe(node: ast.stmt) -> str:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        if _callee(node.value.func).startswith("get_ipython()"):
            return _magic(node.value)
        return _short(node.value)
    if isinstance(node, ast.Expr):
        return f"{_short(node.value)} (display)"
    if isinstance(node, ast.Assign):
        targets = " = ".join(_target(t) for t in node.targets)
        return f"{targets} = {_short(node.value)}"
    if isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        return f"{ast.unparse(node.target)} = {_short(node.value) if node.value else '...'}"
    if isinstance(node, (ast.For, ast.AsyncFor)):
        return f"for {_target(node.target)} in {_short(node.iter)} loop"
    if isinstance(node, ast.While):
        return "while loop"
    if isinstance(node, ast.If):
        return f"if {_short(node.test)} block"
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return _short(node, 60)
    kind = type(node).__name__.lower().replace("async", "async ")
    return f"{kind} statement"


def _names(node: ast.stmt) -> tuple[str, ...]:
    """The functions and classes a skipped statement would have defined."""
    return tuple(n.name for n in _flatten([node])
                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)))


def _what(node: ast.stmt) -> str:
    if isinstance(node, ast.ClassDef):
        return f"class {node.name}"
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"function {node.name}"
    return _describe(node)


_DESCRIBED = 20   # statements described per summary: describing is the costly part


def _summarise(where: str, items: list[str | ast.stmt]) -> str:
    unique = list(dict.fromkeys(item if isinstance(item, str) else _describe(item)
                                for item in items[:_DESCRIBED]))
    shown = ", ".join(unique[:4])
    if len(unique) > 4:
        shown += f" and {len(unique) - 4} more"
    if len(items) > _DESCRIBED:
        shown += f" ({len(items)} statements)"
    return f"{where}: {shown}"


# ---------------------------------------------------------------- building the module text

def _first_line(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno] + [d.lineno for d in decorators])


def _char_col(line: str, byte_col: int) -> int:
    # ast columns count UTF-8 bytes; the text is indexed by characters.
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _assemble(lines: list[str], kept: list[ast.stmt]) -> str:
    """Blank everything but the kept statements, in place, so line numbers do not move."""
    out = [[" "] * len(line) for line in lines]
    previous_end: tuple[int, int] | None = None   # (line index, char col) where the last kept ended
    for node in sorted(kept, key=lambda n: (_first_line(n), n.col_offset)):
        start_line = _first_line(node) - 1
        start_col = 0 if start_line != node.lineno - 1 else _char_col(lines[start_line],
                                                                         node.col_offset)
        end_line = node.end_lineno - 1
        end_col = _char_col(lines[end_line], node.end_col_offset)
        for index in range(start_line, end_line + 1):
            lo = start_col if index == start_line else 0
            hi = end_col if index == end_line else len(lines[index])
            out[index][lo:hi] = lines[index][lo:hi]
        if start_col:
            if previous_end and previous_end[0] == start_line:
                # Two kept statements shared a line: the dropped one between them is gone.
                out[start_line][previous_end[1]] = ";"
            else:
                # Dropped statements came first on this line (`X = f(); import numpy as np`):
                # a no-op keeps the kept one from starting indented.
                out[start_line][0:2] = ["0", ";"]
        previous_end = (end_line, end_col)
    if not lines:
        return ""
    return "\n".join("".join(chars).rstrip() for chars in out) + "\n"


# ---------------------------------------------------------------- names and functions

def _bound_names(node: ast.stmt, star: dict[str, frozenset[str]]) -> set[str]:
    """Names a kept top-level statement defines in the module."""
    names: set[str] = set()
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        names.add(node.name)
    elif isinstance(node, ast.Import):
        for alias in node.names:
            names.add(alias.asname or alias.name.split(".")[0])
    elif isinstance(node, ast.ImportFrom):
        for alias in node.names:
            if alias.name == "*":
                names |= star.get(node.module or "", frozenset())
            else:
                names.add(alias.asname or alias.name)
    elif isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    elif isinstance(node, (ast.If, ast.Try)):
        children = list(node.body) + list(node.orelse)
        if isinstance(node, ast.Try):
            children += [s for h in node.handlers for s in h.body] + list(node.finalbody)
            names |= {h.name for h in node.handlers if h.name}
        for child in children:
            names |= _bound_names(child, star)
    return names


def _eager_names(node: ast.stmt) -> set[str]:
    """Names a kept statement reads while the module loads (not when its functions run)."""
    parts: list[ast.AST] = []

    def signature(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        args = fn.args
        parts.extend(args.defaults + [d for d in args.kw_defaults if d is not None])
        if not isinstance(fn, ast.Lambda):
            parts.extend(fn.decorator_list)
            every = args.posonlyargs + args.args + args.kwonlyargs + [
                a for a in (args.vararg, args.kwarg) if a]
            parts.extend(a.annotation for a in every if a.annotation)
            if fn.returns:
                parts.append(fn.returns)

    def visit(stmt: ast.AST) -> None:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            signature(stmt)
        elif isinstance(stmt, ast.ClassDef):
            parts.extend(stmt.decorator_list + stmt.bases + [k.value for k in stmt.keywords])
            for child in stmt.body:
                visit(child)
        elif isinstance(stmt, (ast.If, ast.Try)):
            if isinstance(stmt, ast.If):
                parts.append(stmt.test)
            for child in ast.iter_child_nodes(stmt):
                if isinstance(child, ast.stmt | ast.excepthandler):
                    visit(child)
        elif isinstance(stmt, ast.ExceptHandler):
            if stmt.type:
                parts.append(stmt.type)
            for child in stmt.body:
                visit(child)
        elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
            return
        else:   # constants, lambdas, class-body statements
            for child in ast.walk(stmt):
                if isinstance(child, ast.Lambda):
                    signature(child)
            parts.extend(child for child in ast.iter_child_nodes(stmt)
                         if isinstance(child, ast.expr) and not isinstance(child, ast.Lambda))

    visit(node)
    loads, stores = set(), set()
    for part in parts:
        for child in ast.walk(part):
            if isinstance(child, ast.Lambda) and child is not part:
                continue
            if isinstance(child, ast.Name):
                (loads if isinstance(child.ctx, ast.Load) else stores).add(child.id)
    return loads - stores   # comprehension and walrus targets are not reads


def _globals_read(table: symtable.SymbolTable) -> set[str]:
    names = {s.get_name() for s in table.get_symbols() if s.is_global() and s.is_referenced()}
    for child in table.get_children():
        names |= _globals_read(child)
    return names


def _flatten(statements: list[ast.stmt]) -> list[ast.stmt]:
    """Module-level statements, including those inside kept `if`/`try` blocks, in order."""
    flat: list[ast.stmt] = []
    for node in statements:
        flat.append(node)
        if isinstance(node, (ast.If, ast.Try)):
            inner = list(node.body) + list(node.orelse)
            if isinstance(node, ast.Try):
                inner += [s for h in node.handlers for s in h.body] + list(node.finalbody)
            flat += _flatten(sorted(inner, key=lambda n: n.lineno))
    return flat


def _functions(source: str, filename: str, kept: list[ast.stmt],
               defined: set[str]) -> dict[str, FunctionInfo]:
    try:
        tables = symtable.symtable(source, filename, "exec").get_children()
    except (SyntaxError, ValueError):
        tables = []
    by_line: dict[int, list[symtable.SymbolTable]] = {}
    for table in tables:
        if table.get_type() == "function":
            by_line.setdefault(table.get_lineno(), []).append(table)
    known = defined | _BUILTINS | _MODULE_DUNDERS

    def free(node: ast.AST, name: str) -> frozenset[str]:
        for line in {getattr(node, "lineno", 0), _first_line(node) if isinstance(
                node, ast.stmt) else 0}:
            for table in by_line.get(line, []):
                if table.get_name() == name:
                    return frozenset(_globals_read(table) - known)
        return frozenset()

    functions: dict[str, FunctionInfo] = {}
    lines = source.splitlines()
    for node in _flatten(kept):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions[node.name] = FunctionInfo(node.name, node.lineno, free(node, node.name),
                                                Signature.of(node.args), facts_of(node, lines))
        elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda)
              and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            name = node.targets[0].id
            functions[name] = FunctionInfo(name, node.lineno, free(node.value, "lambda"),
                                           Signature.of(node.value.args))
    return functions


# ---------------------------------------------------------------- putting it together

def _extract(path: Path, kind: Literal["py", "ipynb"], pieces: list[_Piece],
             early: list[SourceProblem], unread: list[SourceProblem]) -> Submission:
    all_lines: list[str] = []
    cell_lines: list[tuple[int, int]] = []
    kept: list[ast.stmt] = []
    problems: list[SourceProblem] = list(early)
    # (source line, cell, description or the statement, described only if it is listed)
    dropped_items: list[tuple[int, int, str | ast.stmt]] = []
    kept_lines: list[int] = []

    def where(line: int) -> str:
        if kind == "ipynb" and 1 <= line <= len(cell_lines):
            cell, cell_line = cell_lines[line - 1]
            return f"cell {cell}, line {cell_line}"
        return f"line {line}"

    parsed_pieces = []
    budget = _Budget(chars=40 * sum(len(piece.text) for piece in pieces) + 200_000,
                     failures=MAX_LISTED - 1)   # and one to say the rest was not analysed
    for piece in pieces:
        parsed = _parse_piece(piece, budget)
        all_lines += parsed.lines
        cell_lines += [(piece.cell, n) for n in range(1, len(parsed.lines) + 1)]
        parsed_pieces.append((piece, parsed))

    seen_other = False
    for piece, parsed in parsed_pieces:
        for line, message, lost in list(piece.blanked) + parsed.errors:
            if kind == "ipynb" and not parsed.statements:
                message += "; this cell was skipped"
            problems.append(SourceProblem(line, message, where(line), lost))
        if parsed.whole_cell_magic:
            dropped_items.append((piece.first, piece.cell,
                                  f"{parsed.whole_cell_magic} cell (not Python)"))
        for line, text in parsed.magics if not parsed.whole_cell_magic else []:
            dropped_items.append((line, piece.cell, text))
        for node in parsed.statements:
            is_future = isinstance(node, ast.ImportFrom) and node.module == "__future__"
            if is_future and seen_other:
                # Only legal first; a later cell's future import would break the whole module.
                dropped_items.append((node.lineno, piece.cell, node))
                continue
            if _keep(node):
                kept.append(node)
                kept_lines.append(node.lineno)
                seen_other = seen_other or not is_future
            elif not _silent(node):
                dropped_items.append((node.lineno, piece.cell, node))
                seen_other = True

    source, kept, modules, defined = _loadable(all_lines, kept, path.name, problems, where)
    functions = _functions(source, path.name, kept, defined)
    problems.sort(key=lambda p: p.line)
    boundaries = kept_lines + _cell_markers(all_lines)
    return Submission(
        path=path, kind=kind, source=source, filename=path.name, functions=functions,
        problems=_listed(problems) + tuple(unread),
        dropped=_group_dropped(kind, dropped_items, boundaries),
        modules=modules, cell_lines=tuple(cell_lines) if kind == "ipynb" else (),
    )


def _loadable(lines: list[str], kept: list[ast.stmt], filename: str,
              problems: list[SourceProblem], where):
    """(source, kept, modules, names the module defines), once the module text compiles and
    nothing kept reads an undefined name while it loads.

    A def whose default value, decorator or base class reads a notebook variable (or a name
    defined only further down) would raise NameError while the module loads, taking every
    other function down with it: it is skipped. One pass in module order, as Python loads it.
    """
    source, kept = _compilable(lines, kept, filename, problems, where)
    modules, import_problems = _modules_for(kept, where)
    star = {name: course_modules.public_names(name) for name in modules}
    known = set(_BUILTINS | _MODULE_DUNDERS)
    loadable = []
    for node in kept:
        names = sorted(_eager_names(node) - known)
        if names:
            problems.append(SourceProblem(node.lineno, (
                f"{_what(node)} reads {', '.join(names)} when it is defined (a default value, "
                "decorator or base class), which only the notebook's top-level code sets; "
                "skipped"), where(node.lineno), _names(node)))
            continue
        loadable.append(node)
        known |= _bound_names(node, star)
    if len(loadable) < len(kept):
        source, loadable = _compilable(lines, loadable, filename, problems, where)
        modules, import_problems = _modules_for(loadable, where)
    problems += import_problems
    defined = set().union(*(_bound_names(n, star) for n in loadable))
    return source, loadable, modules, defined


def _compilable(lines: list[str], kept: list[ast.stmt], filename: str,
                problems: list[SourceProblem], where) -> tuple[str, list[ast.stmt]]:
    """The module text, minus any statement the compiler rejects though the parser accepted it
    (`break` outside a loop, a repeated argument name, `nonlocal` with no binding, ...).

    Compiling is not running: it only turns text into code, as the child will.
    """
    def reject(node: ast.stmt, err: SyntaxError | ValueError) -> None:
        line = getattr(err, "lineno", None) or node.lineno
        message = getattr(err, "msg", None) or str(err)
        problems.append(SourceProblem(line, f"{type(err).__name__}: {message} ({_what(node)} "
                                            "skipped)", where(line), _names(node)))

    source = _assemble(lines, kept)
    try:
        compile(source, filename, "exec", dont_inherit=True)
        return source, list(kept)
    except (SyntaxError, ValueError):
        pass
    # Each statement on its own finds every culprit in one pass (not one module compile per
    # culprit, which is quadratic in a file of thousands of them).
    alone_ok = []
    for node in kept:
        try:
            compile(ast.Module([node], []), filename, "exec", dont_inherit=True)
            alone_ok.append(node)
        except (SyntaxError, ValueError) as err:
            reject(node, err)
    kept = alone_ok
    for _ in range(MAX_LISTED):   # what fails only together (rare): one at a time, bounded
        source = _assemble(lines, kept)
        try:
            compile(source, filename, "exec", dont_inherit=True)
            return source, kept
        except (SyntaxError, ValueError) as err:
            line = getattr(err, "lineno", None) or 0
            culprit = next((n for n in kept if _first_line(n) <= line <= n.end_lineno), None)
            if culprit is None:
                break
            kept.remove(culprit)
            reject(culprit, err)
    # Not expected: each kept statement compiled alone would have been caught above. Rather
    # than hand the sandbox text that cannot load, keep the statements that own their lines.
    solo = [n for n in kept if _alone(n, kept)]
    source = _assemble(lines, solo)
    try:
        compile(source, filename, "exec", dont_inherit=True)
        return source, solo
    except (SyntaxError, ValueError):
        problems.append(SourceProblem(0, "the code could not be prepared for grading",
                                      "whole file"))
        return "", []


def _alone(node: ast.stmt, kept: list[ast.stmt]) -> bool:
    return not any(other is not node and {other.lineno, other.end_lineno} & {
        node.lineno, node.end_lineno} for other in kept)


def _modules_for(kept: list[ast.stmt], where) -> tuple[dict[str, str], list[SourceProblem]]:
    """The helper modules the kept code imports (anywhere, functions included)."""
    modules: dict[str, str] = {}
    roots: set[str] = set()
    problems: list[SourceProblem] = []
    for top in kept:
        for node, guarded in _imports(top):
            for name in _import_names(node):
                role = course_modules.role(name)
                if role == "unavailable" and guarded:
                    continue   # the student's own `except ImportError` decides what happens
                root = name.split(".")[0]
                if role == "unavailable" and root not in roots:
                    problems.append(SourceProblem(node.lineno, (
                        f"imports {root!r}, which grading does not provide; code "
                        "that uses it will fail with ModuleNotFoundError"), where(node.lineno)))
                modules.update(course_modules.modules_for_import(name))
                roots.add(root)
    return modules, problems


_IN_MARKER = re.compile(r"#\s*In\s*\[[\s\d]*\]:?\s*$")


def _cell_markers(lines: list[str]) -> list[int]:
    """Lines of nbconvert's `# In[3]:` cell markers: they separate what was dropped."""
    return [i + 1 for i, line in enumerate(lines) if _IN_MARKER.match(line)]


_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _imports(node: ast.AST, guarded: bool = False):
    """(import statement, whether a try/except ImportError surrounds it), anywhere in node."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node, guarded
        return
    if isinstance(node, ast.Try):
        catches = any(h.type is None or {n.id for n in ast.walk(h.type)
                                         if isinstance(n, ast.Name)} & _IMPORT_ERRORS
                      for h in node.handlers)
        for child in node.body:
            yield from _imports(child, guarded or catches)
        for child in [s for h in node.handlers for s in h.body] + node.orelse + node.finalbody:
            yield from _imports(child, guarded)
        return
    for child in ast.iter_child_nodes(node):
        yield from _imports(child, guarded)


def _listed(problems: list[SourceProblem]) -> tuple[SourceProblem, ...]:
    """The first MAX_LISTED problems, then one for the rest (a report stays readable)."""
    if len(problems) <= MAX_LISTED:
        return tuple(problems)
    rest = problems[MAX_LISTED:]
    lost = tuple(name for problem in rest for name in problem.lost)
    more = SourceProblem(rest[0].line, f"{len(rest)} more problem{'s' * (len(rest) > 1)} "
                                       "from here on, not listed",
                         rest[0].where, lost)
    return tuple(problems[:MAX_LISTED]) + (more,)


def _group_dropped(kind: str, items: list[tuple[int, int, str | ast.stmt]],
                   boundaries: list[int]) -> tuple[str, ...]:
    """One summary per notebook cell, or per run of dropped lines in a .py file (a run ends
    at a kept statement or at an exported notebook's `# In[n]:` marker)."""
    groups: list[tuple[str, list[str | ast.stmt]]] = []
    if kind == "ipynb":
        by_cell: dict[int, list[str | ast.stmt]] = {}
        for _, cell, text in sorted(items, key=lambda item: item[0]):
            by_cell.setdefault(cell, []).append(text)
        groups = [(f"cell {cell}", texts) for cell, texts in by_cell.items()]
    else:
        kept_sorted = sorted(boundaries)
        run: list[tuple[int, str | ast.stmt]] = []
        for line, _, text in sorted(items, key=lambda item: item[0]):
            # A boundary strictly between the run's last line and this one ends the run.
            after = bisect.bisect_right(kept_sorted, run[-1][0]) if run else 0
            if run and after < len(kept_sorted) and kept_sorted[after] < line:
                groups.append(_py_group(run))
                run = []
            run.append((line, text))
        if run:
            groups.append(_py_group(run))
    summaries = [_summarise(label, texts) for label, texts in groups[:MAX_LISTED]]
    if len(groups) > MAX_LISTED:
        summaries.append(f"... and {len(groups) - MAX_LISTED} more places with dropped code")
    return tuple(summaries)


def _py_group(run: list[tuple[int, str | ast.stmt]]) -> tuple[str, list[str | ast.stmt]]:
    first, last = run[0][0], run[-1][0]
    label = f"line {first}" if first == last else f"lines {first}-{last}"
    return label, [text for _, text in run]
