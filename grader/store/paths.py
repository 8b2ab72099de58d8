"""Where the app keeps its data (progress database, the instructor's own question banks)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "shallow-grader"


def default_data_dir() -> Path:
    """$GRADER_DATA_DIR, else $XDG_DATA_HOME/shallow-grader, else ~/.local/share/shallow-grader."""
    explicit = os.environ.get("GRADER_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        return Path(xdg).expanduser() / APP_NAME
    return Path.home() / ".local" / "share" / APP_NAME


def progress_db_path(data_dir: Path | None = None) -> Path:
    """The progress database inside a data folder (the default one if none is given)."""
    return (data_dir or default_data_dir()) / "progress.sqlite3"
