"""The immutable question model: what a bank holds once the loader has checked it. No I/O.

Every piece of text a student sees is a mapping locale -> text ({"en": ..., "zh": ...}), so one
bank serves both languages; `localize` picks one and falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

DEFAULT_LOCALE = "en"
# The languages the app offers, in menu order, with their own names.
LOCALES: dict[str, str] = {"en": "English", "zh": "简体中文"}

Kind = Literal["single", "multiple", "true_false", "short"]
KINDS: tuple[str, ...] = ("single", "multiple", "true_false", "short")

# Labels of the two fixed true/false options (the loader builds those choices itself).
TRUE_FALSE_TEXT: dict[str, dict[str, str]] = {
    "true": {"en": "True", "zh": "正确"},
    "false": {"en": "False", "zh": "错误"},
}


def localize(text: Mapping[str, str], locale: str) -> str:
    """The text in `locale`, else its base language ("zh-CN" -> "zh"), else English, else any."""
    if not text:
        return ""
    for key in (locale, locale.split("-")[0].split("_")[0], DEFAULT_LOCALE):
        if text.get(key):
            return text[key]
    return next(iter(text.values()))


# Text mappings are left out of the hash (hash=False) so questions can sit in sets and dict keys;
# equality still compares them.


@dataclass(frozen=True)
class Choice:
    id: str
    text: dict[str, str] = field(hash=False)
    correct: bool
    feedback: dict[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    kind: Kind
    prompt: dict[str, str] = field(hash=False)
    choices: tuple[Choice, ...]
    answers: tuple[str, ...]
    explanation: dict[str, str] = field(hash=False)
    line: int
    # False keeps the bank's option order (e.g. options that refer to each other by position).
    shuffle_choices: bool = True

    @property
    def correct_choice_ids(self) -> tuple[str, ...]:
        return tuple(choice.id for choice in self.choices if choice.correct)

    def choice(self, choice_id: str) -> Choice:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise KeyError(f"question {self.id!r} has no choice {choice_id!r}")


@dataclass(frozen=True)
class Quiz:
    id: str
    title: dict[str, str] = field(hash=False)
    pass_mark: float
    questions: tuple[Question, ...]
    draw: int | None = None
    path: Path | None = None
    topic_titles: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)
    description: dict[str, str] = field(default_factory=dict, hash=False)

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(f"quiz {self.id!r} has no question {question_id!r}")

    @property
    def topics(self) -> tuple[str, ...]:
        """Topic ids in the order they first appear in the bank."""
        return tuple(dict.fromkeys(question.topic for question in self.questions))

    @property
    def attempt_size(self) -> int:
        """How many questions one attempt asks."""
        total = len(self.questions)
        return total if self.draw is None else min(self.draw, total)

    def topic_title(self, topic: str, locale: str) -> str:
        """The topic's title in `locale`; a topic without a title shows its id."""
        return localize(self.topic_titles.get(topic, {}), locale) or topic
