"""Persistent state in SQLite (standard library only; never imports textual)."""

from grader.store.paths import default_data_dir, progress_db_path
from grader.store.progress import AttemptSummary, ProgressStore, StoreError

__all__ = ["AttemptSummary", "ProgressStore", "StoreError", "default_data_dir",
           "progress_db_path"]
