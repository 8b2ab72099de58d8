"""Question banks from YAML, checked with every problem located as path:line:column.

The format (docs/quiz-format.md) in short:

    id: week3                      # required, letters/digits/-/_/.
    title: {en: ..., zh: ...}      # required; any text is a string or a {locale: text} mapping
    description: ...               # optional, shown under the title
    languages: [en, zh]            # every text must exist in these (default: [en])
    pass_mark: 0.7                 # fraction of questions to pass (default 0.7)
    draw: 12                       # questions per attempt (default: all)
    topics: {shapes: {en: ...}}    # optional; if given, every question's topic must be listed
    questions:
      - id: w1-shape
        topic: shapes
        kind: single               # single | multiple | true_false | short
        prompt: ...
        choices:                   # single / multiple
          - {id: a, text: ..., correct: true, feedback: ...}
        answer: true               # true_false
        feedback: {true: ..., false: ...}   # true_false, optional
        answers: ["(4, m)"]        # short: accepted answers, compared after normalize_short
        explanation: ...           # required, shown after answering
        shuffle: false             # optional: keep the options in the bank's order

YAML is read by yaml_source: standard tags only, no anchors or aliases, no duplicate keys.
load_quiz raises QuizError with all problems at once, so an instructor fixes a file in one go.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from grader.quiz.answers import normalize_short
from grader.quiz.model import KINDS, LOCALES, TRUE_FALSE_TEXT, Choice, Question, Quiz
from grader.quiz.yaml_source import Mapping, Pos, Sequence, YamlSyntaxError, parse

MAX_BYTES = 1_000_000  # 20 times the built-in bank; stops a stray binary or log file early
DEFAULT_PASS_MARK = 0.7
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_CHOICE_LETTERS = "abcdefghijklmnopqrstuvwxyz"

QUIZ_KEYS = ("id", "title", "description", "languages", "pass_mark", "draw", "topics",
             "questions")
QUESTION_KEYS = ("id", "topic", "kind", "prompt", "choices", "answer", "answers", "feedback",
                 "explanation", "shuffle")
CHOICE_KEYS = ("id", "text", "correct", "feedback")
# Which question keys belong to which kinds (the others are shared).
_KIND_KEYS = {"choices": ("single", "multiple"), "answer": ("true_false",),
              "answers": ("short",), "shuffle": ("single", "multiple")}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class QuizError(Exception):
    """A bank that cannot be used; `.problems` says every reason and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def _shown(value: object) -> str:
    """A value from the file, short enough for a one-line message."""
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "...'"


def _suggest(word: object, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class _Checker:
    """Walks one parsed file, building the model and collecting problems."""

    def __init__(self, path: str):
        self.path = path
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ("en",)

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.path, pos.line, pos.column, message))

    # -- small typed readers: each returns a usable value or None, having said what is wrong --

    def keys(self, node: Mapping, allowed: tuple[str, ...], what: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(node.key_pos[key],
                             f"unknown key {key!r} in {what}{_suggest(key, allowed)}")

    def require(self, node: Mapping, key: str, what: str) -> bool:
        if key in node:
            return True
        self.problem(node.pos, f"{what} is missing {key!r}")
        return False

    def scalar_text(self, node: Mapping | Sequence, key, value) -> str | None:
        """A scalar as its author wrote it (numbers keep their spelling); None for yes/no etc."""
        if isinstance(value, str):
            return value
        if isinstance(value, bool) or value is None or isinstance(value, (list, dict)):
            return None
        raw = node.raw[key]
        return raw if raw is not None else str(value)

    def ident(self, node: Mapping, key: str, what: str) -> str | None:
        if not self.require(node, key, what):
            return None
        text = self.scalar_text(node, key, node[key])
        if text is None or not _ID.fullmatch(text):
            self.problem(node.where(key), f"{what} {key} must be a name of letters, digits, "
                                          f"'-', '_' or '.', not {_shown(node[key])}")
            return None
        return text

    def text(self, node: Mapping, key, what: str, required: bool = True,
             label: str | None = None) -> dict[str, str] | None:
        """A localized text: a string (English) or a {locale: string} mapping."""
        if key not in node:
            if required:
                self.problem(node.pos, f"{what} is missing {key!r}")
            return None
        value, pos = node[key], node.where(key)
        label = label or f"{key} of {what}"
        unknown = False
        if not isinstance(value, Mapping):
            text = self.scalar_text(node, key, value)
            if text is None:
                self.problem(pos, f"{label} must be text or a mapping of languages "
                                  f"({', '.join(LOCALES)}) to text; put it in quotes")
                return None
            value_map = {"en": text}
            positions = {"en": pos}
        else:
            value_map, positions = {}, {}
            for locale, item in value.items():
                if locale not in LOCALES:
                    unknown = True
                    self.problem(value.key_pos[locale], f"unknown language {locale!r} in {label}"
                                                        f"{_suggest(locale, LOCALES)}; use one of "
                                                        f"{', '.join(LOCALES)}")
                    continue
                text = self.scalar_text(value, locale, item)
                if text is None:
                    self.problem(value.where(locale), f"{label} ({locale}) must be text; "
                                                      "put it in quotes")
                    continue
                value_map[locale] = text
                positions[locale] = value.where(locale)
        for locale, text in value_map.items():
            if not text.strip():
                self.problem(positions[locale], f"{label} ({locale}) is empty")
        # A misspelt language is reported once, not again as a missing one.
        for locale in () if unknown else self.languages:
            if locale not in value_map and not (isinstance(value, Mapping) and locale in value):
                self.problem(pos, f"{label} has no {LOCALES[locale]} ({locale}) text; "
                                  f"this bank's languages are {', '.join(self.languages)}")
        return {locale: text.strip() for locale, text in value_map.items()}

    def boolean(self, node: Mapping, key: str, what: str) -> bool | None:
        value = node[key]
        if not isinstance(value, bool):
            self.problem(node.where(key),
                         f"{what} {key} must be true or false, not {_shown(value)}")
            return None
        return value

    def sequence(self, node: Mapping, key: str, what: str) -> Sequence | None:
        value = node[key]
        if not isinstance(value, Sequence):
            self.problem(node.where(key), f"{what} {key} must be a list (lines starting with '- ')")
            return None
        return value

    # -- the document -------------------------------------------------------------------------

    def quiz(self, doc: object, path: Path) -> Quiz | None:
        if not isinstance(doc, Mapping):
            pos = doc.pos if isinstance(doc, Sequence) else Pos(1, 1)
            self.problem(pos, "a question bank is a mapping with id, title and questions")
            return None
        self.keys(doc, QUIZ_KEYS, "the bank")
        self.read_languages(doc)
        quiz_id = self.ident(doc, "id", "the bank")
        title = self.text(doc, "title", "the bank")
        description = self.text(doc, "description", "the bank", required=False) or {}
        pass_mark = self.pass_mark(doc)
        topic_titles = self.topics(doc)
        questions = self.questions(doc, topic_titles)
        listed = doc.get("questions")
        draw = self.draw(doc, len(listed) if isinstance(listed, Sequence) else 0)
        if self.problems:
            return None
        return Quiz(id=quiz_id, title=title, pass_mark=pass_mark, questions=tuple(questions),
                    draw=draw, path=path, topic_titles=self.every_topic(topic_titles, questions),
                    description=description)

    def read_languages(self, doc: Mapping) -> None:
        if "languages" not in doc:
            return
        value = self.sequence(doc, "languages", "the bank")
        if value is None:
            return
        languages = []
        for locale, pos in zip(value, value.item_pos):
            if not isinstance(locale, str) or locale not in LOCALES:
                self.problem(pos, f"unknown language {_shown(locale)}"
                                  f"{_suggest(locale, LOCALES)}; "
                                  f"use one of {', '.join(LOCALES)}")
            elif locale not in languages:
                languages.append(locale)
        if "en" not in languages:
            self.problem(doc.where("languages"), "languages must include en (the fallback)")
        self.languages = tuple(languages)

    def pass_mark(self, doc: Mapping) -> float:
        if "pass_mark" not in doc:
            return DEFAULT_PASS_MARK
        value = doc["pass_mark"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            hint = f" (for {value}% write {value / 100:g})" if (
                isinstance(value, (int, float)) and not isinstance(value, bool)
                and 1 < value <= 100) else ""
            self.problem(doc.where("pass_mark"),
                         f"pass_mark must be a fraction above 0 and at most 1, "
                         f"not {_shown(value)}{hint}")
            return DEFAULT_PASS_MARK
        return float(value)

    def draw(self, doc: Mapping, count: int) -> int | None:
        if "draw" not in doc or doc["draw"] is None:
            return None
        value = doc["draw"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.problem(doc.where("draw"), f"draw must be a whole number of questions, at "
                                            f"least 1, not {_shown(value)}")
            return None
        if count and value > count:
            self.problem(doc.where("draw"), f"draw is {value} but the bank has only {count} "
                                            "questions")
        return value

    def topics(self, doc: Mapping) -> dict[str, dict[str, str]] | None:
        if "topics" not in doc:
            return None
        value = doc["topics"]
        if not isinstance(value, Mapping):
            self.problem(doc.where("topics"), "topics must map each topic id to its title")
            return None
        titles = {}
        for topic in value:
            text = self.scalar_text(value, topic, topic) if not isinstance(topic, str) else topic
            if not isinstance(text, str) or not _ID.fullmatch(text):
                self.problem(value.key_pos[topic], f"topic id {topic!r} must be a name of "
                                                   "letters, digits, '-', '_' or '.'")
                continue
            title = self.text(value, topic, "topics", label=f"title of topic {text!r}")
            if title is not None:
                titles[text] = title
        return titles

    @staticmethod
    def every_topic(titles: dict | None, questions: list[Question]) -> dict[str, dict[str, str]]:
        """A title for every topic, so the app can index by any question's topic: the listed
        ones in their order, then any used but unlisted (titled by their id)."""
        every = dict(titles or {})
        for question in questions:
            every.setdefault(question.topic, {"en": question.topic})
        return every

    def questions(self, doc: Mapping, topic_titles: dict | None) -> list[Question]:
        if not self.require(doc, "questions", "the bank"):
            return []
        items = self.sequence(doc, "questions", "the bank")
        if items is None:
            return []
        if not items:
            self.problem(doc.where("questions"), "the bank has no questions")
        questions: list[Question] = []
        seen: dict[str, Pos] = {}
        for node, pos in zip(items, items.item_pos):
            if not isinstance(node, Mapping):
                self.problem(pos, "each question is a mapping (id, topic, kind, prompt, ...)")
                continue
            question = self.question(node, topic_titles)
            qid = self.scalar_text(node, "id", node.get("id")) if "id" in node else None
            if qid is not None and qid in seen:
                first = seen[qid]
                self.problem(node.where("id"), f"question id {qid!r} is used twice "
                                               f"(first at line {first.line})")
            elif qid is not None:
                seen[qid] = node.where("id")
            if question is not None:
                questions.append(question)
        return questions

    def question(self, node: Mapping, topic_titles: dict | None) -> Question | None:
        before = len(self.problems)
        self.keys(node, QUESTION_KEYS, "a question")
        qid = self.ident(node, "id", "question")
        what = f"question {qid!r}" if qid else "question"
        topic = self.ident(node, "topic", what)
        if topic is not None and topic_titles is not None and topic not in topic_titles:
            self.problem(node.where("topic"), f"{what} has topic {topic!r}, which is not under "
                                              f"topics{_suggest(topic, topic_titles)}")
        kind = None
        if self.require(node, "kind", what):
            kind = node["kind"]
            if kind not in KINDS:
                self.problem(node.where("kind"), f"{what} kind must be one of "
                                                 f"{', '.join(KINDS)}, not {_shown(kind)}"
                                                 f"{_suggest(kind, KINDS)}")
                kind = None
        prompt = self.text(node, "prompt", what)
        explanation = self.text(node, "explanation", what) or {}
        shuffle = True
        if "shuffle" in node:
            shuffle = self.boolean(node, "shuffle", what) is not False
        choices: tuple[Choice, ...] = ()
        answers: tuple[str, ...] = ()
        if kind is not None:
            for key, kinds in _KIND_KEYS.items():
                if key in node and kind not in kinds:
                    self.problem(node.key_pos[key], f"{what} is {kind}: {key!r} belongs to "
                                                    f"{' and '.join(kinds)} questions")
            if kind in ("single", "multiple"):
                choices = self.choices(node, kind, what)
                if "feedback" in node:
                    self.problem(node.key_pos["feedback"], f"{what}: give feedback on each "
                                                           "choice instead")
            elif kind == "true_false":
                choices = self.true_false(node, what)
            else:
                answers = self.short_answers(node, what)
                if "feedback" in node:
                    self.problem(node.key_pos["feedback"], f"{what}: short questions take an "
                                                           "explanation, not feedback")
        if len(self.problems) > before:
            return None
        return Question(id=qid, topic=topic, kind=kind, prompt=prompt, choices=choices,
                        answers=answers, explanation=explanation, line=node.pos.line,
                        shuffle_choices=shuffle)

    def choices(self, node: Mapping, kind: str, what: str) -> tuple[Choice, ...]:
        if not self.require(node, "choices", what):
            return ()
        items = self.sequence(node, "choices", what)
        if items is None:
            return ()
        if len(items) < 2:
            self.problem(node.where("choices"), f"{what} needs at least 2 choices")
        if len(items) > len(_CHOICE_LETTERS):
            self.problem(node.where("choices"), f"{what} has more than "
                                                f"{len(_CHOICE_LETTERS)} choices")
            return ()
        before = len(self.problems)
        choices: list[Choice] = []
        ids: dict[str, Pos] = {}
        texts: dict[str, Pos] = {}
        for letter, item, pos in zip(_CHOICE_LETTERS, items, items.item_pos):
            if not isinstance(item, Mapping):
                self.problem(pos, f"each choice of {what} is a mapping with text "
                                  "(and correct: true on the right ones)")
                continue
            self.keys(item, CHOICE_KEYS, f"a choice of {what}")
            cid = self.ident(item, "id", "choice") if "id" in item else letter
            if cid is not None and cid in ids:
                self.problem(item.where("id") if "id" in item else pos,
                             f"{what} has two choices with id {cid!r} "
                             f"(first at line {ids[cid].line})")
            elif cid is not None:
                ids[cid] = pos
            text = self.text(item, "text", f"a choice of {what}")
            if text and text.get("en"):
                same = " ".join(text["en"].casefold().split())
                if same in texts:
                    self.problem(item.where("text"), f"{what} has the same choice twice "
                                                     f"(first at line {texts[same].line})")
                texts[same] = pos
            correct = False
            if "correct" in item:
                correct = self.boolean(item, "correct", f"a choice of {what}") is True
            feedback = self.text(item, "feedback", f"a choice of {what}", required=False)
            if cid is not None and text is not None:
                choices.append(Choice(cid, text, correct, feedback or {}))
        right = sum(choice.correct for choice in choices)
        if len(self.problems) == before:  # counting right answers among broken choices misleads
            if right == 0:
                self.problem(node.where("choices"), f"{what} has no choice marked correct: true")
            elif kind == "single" and right > 1:
                self.problem(node.where("choices"), f"{what} is single but {right} choices are "
                                                    "correct; use kind: multiple")
        return tuple(choices)

    def true_false(self, node: Mapping, what: str) -> tuple[Choice, ...]:
        if not self.require(node, "answer", f"{what} (true_false)"):
            return ()
        answer = self.boolean(node, "answer", what)
        feedback: dict[str, dict[str, str]] = {}
        if "feedback" in node:
            value = node["feedback"]
            if not isinstance(value, Mapping):
                self.problem(node.where("feedback"), f"{what} feedback maps true and false to "
                                                     "the text shown for each")
            else:
                for key in value:
                    option = {True: "true", False: "false"}.get(key, key)  # quoted keys too
                    if option not in ("true", "false"):
                        self.problem(value.key_pos[key], f"{what} feedback keys are true and "
                                                         f"false, not {key!r}")
                        continue
                    feedback[option] = self.text(value, key, what,
                                                 label=f"feedback on {option} of {what}") or {}
        if answer is None:
            return ()
        return tuple(Choice(cid, TRUE_FALSE_TEXT[cid], (cid == "true") == answer,
                            feedback.get(cid, {}))
                     for cid in ("true", "false"))

    def short_answers(self, node: Mapping, what: str) -> tuple[str, ...]:
        if not self.require(node, "answers", f"{what} (short)"):
            return ()
        value = node["answers"]
        if not isinstance(value, Sequence):
            text = self.scalar_text(node, "answers", value)
            pairs = [(text, node.raw["answers"] or value, node.where("answers"))]
        else:
            pairs = [(self.scalar_text(value, i, item), value.raw[i] or item, pos)
                     for i, (item, pos) in enumerate(zip(value, value.item_pos))]
        if not pairs:
            self.problem(node.where("answers"), f"{what} lists no accepted answers")
        answers = []
        seen: dict[str, str] = {}  # normalized -> as written
        for text, item, pos in pairs:
            if text is None:
                self.problem(pos, f"{what}: accepted answer {item} is not read as text; "
                                  "put it in quotes")
                continue
            same = normalize_short(text)
            if not same:
                self.problem(pos, f"{what}: an accepted answer is empty")
            elif same in seen:
                # Tells the instructor which spellings are already accepted for free.
                self.problem(pos, f"{what}: accepted answer {text!r} is the same as "
                                  f"{seen[same]!r} once normalized (both read as {same!r})")
            else:
                seen[same] = text
                answers.append(text.strip())
        return tuple(answers)


def _read_text(path: Path, checker: _Checker) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        checker.problem(Pos(1, 1), "no such file")
        return None
    except IsADirectoryError:
        checker.problem(Pos(1, 1), "is a folder, not a question bank file")
        return None
    except OSError as error:
        checker.problem(Pos(1, 1), f"cannot read: {error.strerror or error}")
        return None
    if len(data) > MAX_BYTES:
        checker.problem(Pos(1, 1), f"too big for a question bank ({len(data)} bytes; "
                                   f"the limit is {MAX_BYTES})")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        checker.problem(Pos(line, column), "not UTF-8 text; save the file as UTF-8")
        return None


def _check(path: Path) -> tuple[Quiz | None, list[Problem]]:
    checker = _Checker(str(path))
    text = _read_text(path, checker)
    if text is None:
        return None, checker.problems
    try:
        doc, issues = parse(text)
    except YamlSyntaxError as error:
        checker.problem(error.pos, error.message)
        return None, checker.problems
    quiz = checker.quiz(doc, path)
    # Refused tags, anchors, aliases and duplicate keys come first; what the schema then says
    # about the same spot (an alias read as nothing, say) would only repeat it.
    refused = {(issue.pos.line, issue.pos.column) for issue in issues}
    problems = [Problem(str(path), issue.pos.line, issue.pos.column, issue.message)
                for issue in issues]
    problems += [p for p in checker.problems if (p.line, p.column) not in refused]
    problems.sort(key=lambda p: (p.line, p.column))
    return (quiz if not problems else None), problems


def load_quiz(path: Path | str) -> Quiz:
    """The bank in `path`; QuizError (only) listing every problem if it cannot be used."""
    quiz, problems = _check(Path(path))
    if problems:
        raise QuizError(problems)
    return quiz


def validate_files(paths: Iterable[Path | str]) -> list[Problem]:
    """Every problem in every file (an empty list: all of them are usable)."""
    problems: list[Problem] = []
    for path in paths:
        problems.extend(_check(Path(path))[1])
    return problems
