"""The grader's sentences, read from diagnoses.yaml (en and zh side by side, one place)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

MESSAGES_FILE = Path(__file__).with_name("diagnoses.yaml")
LANGUAGES = ("en", "zh")
SECTIONS = ("diagnoses", "facts", "verdicts", "report")


class _Blank(dict):
    """Fields a sentence names but the caller did not give stay visible as {name}."""

    def __missing__(self, key):
        return "{" + key + "}"


@lru_cache(maxsize=1)
def catalogue() -> dict:
    with open(MESSAGES_FILE, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    for section in SECTIONS:
        for key, texts in data[section].items():
            missing = [lang for lang in LANGUAGES if not (texts or {}).get(lang)]
            if missing:
                raise ValueError(f"{MESSAGES_FILE}: {section}.{key} has no {', '.join(missing)} text")
    return data


def say(section: str, key: str, lang: str = "en", /, **fields) -> str:
    """The sentence `section.key` in `lang`, with {fields} filled in."""
    texts = catalogue()[section][key]
    return texts.get(lang, texts["en"]).format_map(_Blank(fields))


def diagnosis_codes() -> tuple[str, ...]:
    return tuple(catalogue()["diagnoses"])
