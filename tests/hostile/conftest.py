"""Fixtures of the hostile suite; the machinery is in harness.py, loaded once by path (the
project runs pytest with --import-mode=importlib, so test folders are not on sys.path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def load_harness():
    name = "hostile_harness"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("harness.py"))
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


harness = load_harness()
host = harness.host
honest_seconds = harness.honest_seconds
