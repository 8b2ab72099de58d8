"""What `grader quiz` asked for, handed to the app."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppConfig:
    data_dir: Path
    extra_files: tuple[Path, ...] = ()
    seed: int | None = None  # None: a fresh random seed per attempt
    start: bool = False  # skip the home screen: resume or start the first quiz at once
    locale: str | None = None  # None: the saved setting (else English)
    # For the start-up benchmark: quit as soon as the first question has been drawn.
    exit_after_first_question: bool = False
