"""YAML read safely into plain values that remember where they stood (file:line:column).

The document is built from libyaml's event stream (CSafeLoader's parser, the pure-Python one when
libyaml is missing), not from PyYAML's constructor, because a question bank needs much less than
YAML allows and every extra is a risk or a silent surprise:

- only the standard tags (str, int, float, bool, null, seq, map): anything else, `!!python/object`
  included, is a located problem and is never constructed;
- no anchors or aliases: questions need none, and refusing them rules out alias bombs;
- a duplicate key is a problem (PyYAML silently keeps the last one);
- plain scalars resolve only to bool, int, float and null; `2024-01-01` stays text;
- every scalar keeps its source text, so `text: 0.10` can be shown as written, not as 0.1.

Building is iterative: PyYAML's composer recurses (libyaml's, in C, crashes on deep nesting),
so it is never used; nesting deeper than MAX_DEPTH, or more than MAX_VALUES values, is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

# libyaml's parser when PyYAML was built with it (the built-in bank loads several times faster,
# with the same positions: a test compares them); PyYAML's pure-Python parser otherwise.
_PARSERS = {"fast": getattr(yaml, "CSafeLoader", yaml.SafeLoader), "pure": yaml.SafeLoader}

MAX_DEPTH = 32  # a bank nests about 6 deep; far deeper is a mistake or an attack
MAX_VALUES = 50_000  # the built-in bank has about 2,500; each costs Python time to build

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_MAP_TAGS = {_TAG + "map"}
_SEQ_TAGS = {_TAG + "seq"}
_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()
# The characters YAML refuses outright (PyYAML's reader says where only as a byte offset).
_NON_PRINTABLE = re.compile(
    "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class Pos(NamedTuple):  # a tuple: thousands are made per load, and tuples are cheap to make
    line: int  # 1-based
    column: int  # 1-based

    @classmethod
    def of(cls, mark) -> Pos:
        return cls(mark.line + 1, mark.column + 1)


class Mapping(dict):
    """A YAML mapping: a dict that knows where it, its keys and its values stand."""

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.value_pos: dict = {}
        self.raw: dict = {}  # key -> the scalar value's source text (None for collections)

    def where(self, key) -> Pos:
        """Where the value of `key` stands (the mapping itself if the key is absent)."""
        return self.value_pos.get(key, self.pos)


class Sequence(list):
    """A YAML sequence: a list that knows where it and each item stand."""

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []
        self.raw: list[str | None] = []


class YamlSyntaxError(Exception):
    """The text cannot be read as a bank at all (not YAML, too deep, too big) from `pos` on."""

    def __init__(self, pos: Pos, message: str):
        super().__init__(message)
        self.pos = pos
        self.message = message


@dataclass(frozen=True)
class Issue:
    """Something refused while reading (a tag, an alias, a duplicate key); reading went on."""

    pos: Pos
    message: str


class _Builder:
    """Turns the event stream into Mapping/Sequence/scalars, noting what it refuses."""

    def __init__(self):
        self.issues: list[Issue] = []
        self.documents = 0
        self.values = 0
        self.root: object = None

    def issue(self, mark, message: str) -> None:
        self.issues.append(Issue(Pos.of(mark), message))

    def check_tag(self, event, standard: set[str]) -> bool:
        tag = event.tag
        if tag is None or tag == "!" or tag in standard:
            return True
        shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        self.issue(event.start_mark, f"the YAML tag {shown} is not allowed here; remove it "
                                     "(a bank uses plain text, numbers, true/false, lists and "
                                     "mappings)")
        return False

    def check_anchor(self, event) -> None:
        if event.anchor is not None:
            self.issue(event.start_mark, f"YAML anchors (&{event.anchor}) are not allowed; "
                                         "write the value out")

    def scalar(self, event) -> object:
        """A scalar's value; the caller has already handled plain text without a tag."""
        self.check_anchor(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = _RESOLVER.resolve(ScalarNode, event.value, event.implicit)
            if tag not in _SCALAR_TAGS or tag == _STR:  # timestamps, merge keys: text here
                return event.value
        elif not self.check_tag(event, _SCALAR_TAGS):
            return event.value
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except Exception:  # e.g. `!!int abc`, or an int of 5000 digits (Python refuses those)
            if event.tag not in (None, "!"):
                self.issue(event.start_mark, f"{event.value!r} is not a valid "
                                             f"{tag[len(_TAG):]}")
            return event.value

    def build(self, next_event) -> None:
        """Read events from `next_event()` to the end of the stream.

        One loop with local names: the built-in bank is some 3,000 events, and this is the part
        of loading that runs in Python for each of them.
        """
        ScalarEvent, MappingStartEvent, SequenceStartEvent = (
            yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        skipped = (yaml.DocumentEndEvent, yaml.StreamStartEvent)
        resolvers = _RESOLVER.yaml_implicit_resolvers
        # Per open collection: the collection, and for a mapping the key awaiting its value
        # as (key, where, usable) or None while the next value is a key.
        stack: list[list] = []
        while True:
            event = next_event()
            kind = type(event)
            if kind in ends:
                if self.documents == 1:
                    stack.pop()
                continue
            if event is None or kind is yaml.StreamEndEvent:
                return
            if kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    self.issue(event.start_mark, "a bank is one YAML document; remove the "
                                                 "second '---' and what follows it")
                continue
            if self.documents != 1 or kind in skipped:
                continue  # later documents are only parsed, for their syntax errors
            mark = event.start_mark
            pos = Pos(mark.line + 1, mark.column + 1)
            self.values += 1
            if self.values > MAX_VALUES:
                raise YamlSyntaxError(pos, f"more than {MAX_VALUES} values; too big for a "
                                           "question bank")
            raw = None
            collection = None
            if kind is ScalarEvent:
                raw = value = event.value
                # Most of a bank is text: quoted, or plain with no tag and no other reading.
                if event.tag is not None or event.anchor is not None or (
                        event.implicit[0] and value[:1] in resolvers):
                    value = self.scalar(event)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.check_anchor(event)
                if kind is MappingStartEvent:
                    value = collection = Mapping(pos)
                    self.check_tag(event, _MAP_TAGS)
                else:
                    value = collection = Sequence(pos)
                    self.check_tag(event, _SEQ_TAGS)
                if len(stack) >= MAX_DEPTH:
                    raise YamlSyntaxError(pos, f"nested more than {MAX_DEPTH} levels deep")
            else:  # an alias
                self.issue(mark, f"YAML aliases (*{event.anchor}) are not allowed; write the "
                                 "value out")
                value = None
            if not stack:
                self.root = value
            else:
                top = stack[-1]
                parent = top[0]
                if type(parent) is Sequence:
                    parent.append(value)
                    parent.item_pos.append(pos)
                    parent.raw.append(raw)
                elif top[1] is None:  # this value is a key
                    usable = True
                    if collection is not None:
                        self.issue(mark, "a key must be a plain value, not a list or a mapping")
                        usable = False
                    elif value in parent:
                        self.issue(mark, f"key {value!r} appears twice in one mapping (first "
                                         f"at line {parent.key_pos[value].line}); remove one")
                        usable = False
                    top[1] = (value, pos, usable)
                else:
                    key, key_pos, usable = top[1]
                    top[1] = None
                    if usable:
                        parent[key] = value
                        parent.key_pos[key] = key_pos
                        parent.value_pos[key] = pos
                        parent.raw[key] = raw
            if collection is not None:
                stack.append([collection, None])


def _unreadable_character(text: str) -> YamlSyntaxError:
    """Where the first character YAML refuses stands (PyYAML gives only a byte offset)."""
    match = _NON_PRINTABLE.search(text)
    if match is None:  # pragma: no cover - the reader refused something the pattern allows
        return YamlSyntaxError(Pos(1, 1), "not valid YAML: a character is not allowed")
    before = text[:match.start()]
    pos = Pos(before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1)
    return YamlSyntaxError(pos, f"not valid YAML: character U+{ord(match.group()):04X} is not "
                                "allowed in YAML text")


def parse(text: str, parser: str = "fast") -> tuple[object, list[Issue]]:
    """The (first) document in `text` and what was refused in it; YamlSyntaxError if unreadable.

    Mappings come back as Mapping, sequences as Sequence, scalars as str, int, float, bool or
    None. A refused alias reads as None; a refused tag leaves its value as text.
    parser: "fast" (libyaml when available) or "pure" (PyYAML's Python parser).
    """
    builder = _Builder()
    source = _PARSERS[parser](text)
    try:
        builder.build(source.get_event)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = " ".join(part for part in (error.context, error.problem) if part)
        raise YamlSyntaxError(Pos.of(mark) if mark else Pos(1, 1),
                              f"not valid YAML: {message}") from None
    except yaml.reader.ReaderError:
        raise _unreadable_character(text) from None
    except yaml.YAMLError as error:  # pragma: no cover - every parser error is one of the above
        raise YamlSyntaxError(Pos(1, 1), f"not valid YAML: {error}") from None
    finally:
        source.dispose()
    return builder.root, builder.issues
