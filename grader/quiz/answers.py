"""Is a response right? Choice ids compare exactly; short answers compare after normalising.

Short answers in this week are mostly shapes ("(n_h, m)") and numbers ("0.25"), typed in either
language's keyboard layout, so normalising folds full-width characters, case, spacing, the ways of
writing a shape and the ways of writing a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from grader.quiz.model import Question

_BRACKETS = {"(": ")", "[": "]", "{": "}"}
# Separators of a shape: a comma, ×, the word "by", or an x standing alone ("4 x m") or right after
# a digit ("4x3", "4xm"). An x inside a name such as n_x is not a separator.
_SHAPE_SEPARATOR = re.compile(r"\s*(?:,|×|\bby\b|(?<=\d)\s*x\s*|\s+x\s+)\s*")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")
_TRAILING_STOP = ".。"
# Characters NFKC leaves alone that students type for the same thing: the minus sign and dashes.
_SAME_CHARACTER = str.maketrans({"−": "-", "–": "-", "‐": "-"})
# What may stand between a shape's separators: a name or a number, nothing with an operator in it,
# so "W1 @ X + b1" stays an expression rather than becoming a "shape".
_SHAPE_ITEM = re.compile(r"[\w.+-]+")


def _number(text: str) -> str | None:
    """Canonical spelling of a decimal number ("0.250", ".25", "2.5e-1" -> "0.25"), or None.

    Exact for any number of digits (no rounding context), and positional only for everyday sizes:
    "1e999999999" written out would be a billion digits.
    """
    if not _NUMBER.fullmatch(text):
        return None
    try:
        sign, digit_tuple, exponent = Decimal(text).as_tuple()
    except (InvalidOperation, ValueError):
        return None
    digits = "".join(map(str, digit_tuple)).lstrip("0")
    if not digits:
        return "0"
    significant = digits.rstrip("0")
    exponent += len(digits) - len(significant)  # value = significant × 10**exponent
    minus = "-" if sign else ""
    point = len(significant) + exponent  # where the decimal point goes
    if -30 <= point <= 30:
        if exponent >= 0:
            return minus + significant + "0" * exponent
        if point > 0:
            return f"{minus}{significant[:point]}.{significant[point:]}"
        return f"{minus}0.{'0' * -point}{significant}"
    mantissa = significant[0] + ("." + significant[1:] if len(significant) > 1 else "")
    return f"{minus}{mantissa}e{point - 1}"


def _item(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return _number(text) or text


def normalize_short(text: str) -> str:
    """One spelling per meaning: "(4,m)", "4 x m", "(4, m)", "4×m" -> "(4,m)"; ".25" -> "0.25"."""
    text = str(text)
    # Repeat until nothing changes, so normalizing a normalized answer is a no-op ("0,0 0" first
    # loses its space, and only then reads as the shape (0,0)).
    for _ in range(8):
        step = _normalize_step(_fold(text))
        if step == text:
            break
        text = step
    return text


def _fold(text: str) -> str:
    # NFKC folds full-width (Chinese keyboard) forms; it runs again after casefolding because
    # casefolding can undo a composition.
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return text.translate(_SAME_CHARACTER).strip()


def _normalize_step(text: str) -> str:
    # A sentence's full stop is not part of the answer; a number's decimal point is ("4." is 4).
    while text and text[-1] in _TRAILING_STOP and not _number(text):
        text = text[:-1].rstrip()
    bracketed = len(text) >= 2 and _BRACKETS.get(text[0]) == text[-1]
    if bracketed:
        text = text[1:-1].strip()
    parts = _SHAPE_SEPARATOR.split(text)
    one_tuple = bracketed and len(parts) == 2 and parts[1] == ""  # "(4,)"
    if bracketed and len(parts) > 2 and parts[-1] == "":
        parts = parts[:-1]  # "(4, m,)" is (4, m)
    if all(_SHAPE_ITEM.fullmatch(part) for part in parts[: 1 if one_tuple else None]):
        items = ",".join(_item(part) for part in parts if part)
        if one_tuple:
            return f"({items},)"
        # A lone item in brackets is the item itself, as in Python: "(4)" is 4.
        return f"({items})" if len(parts) >= 2 else items
    return _item(f"({text})" if bracketed else text)


def _choice_ids(response: object) -> frozenset[str]:
    if isinstance(response, str) or not isinstance(response, Iterable):
        raise TypeError(f"a multiple-answer response is a set of choice ids, not {response!r}")
    return frozenset(str(item) for item in response)


def _choice_id(response: object) -> str:
    if isinstance(response, bool):  # a true/false answer may come as a bool
        return "true" if response else "false"
    if not isinstance(response, str):
        raise TypeError(f"a single-answer response is one choice id, not {response!r}")
    return response


def canonical_response(question: Question, response: object) -> str | frozenset[str]:
    """The response in the form its question's kind takes; TypeError when it has the wrong form.

    single/true_false: a choice id (str; a bool also works for true_false); multiple: a frozenset
    of choice ids; short: the text as typed.
    """
    if question.kind == "multiple":
        return _choice_ids(response)
    if question.kind == "short":
        if not isinstance(response, str):
            raise TypeError(f"a short answer is text, not {response!r}")
        return response
    return _choice_id(response)


def is_correct(question: Question, response: object) -> bool:
    """Whether `response` answers `question` right (see canonical_response for its forms)."""
    response = canonical_response(question, response)
    if question.kind == "short":
        given = normalize_short(response)
        return bool(given) and given in {normalize_short(answer) for answer in question.answers}
    if question.kind == "multiple":
        return response == frozenset(question.correct_choice_ids)
    return (response,) == question.correct_choice_ids
