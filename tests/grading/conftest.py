"""Fixtures for the grading tests; the shared helpers live in support.py (`grading_support`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# --import-mode=importlib puts no test folder on sys.path: register the helpers by name.
_spec = importlib.util.spec_from_file_location("grading_support", Path(__file__).with_name("support.py"))
support = importlib.util.module_from_spec(_spec)
sys.modules["grading_support"] = support
_spec.loader.exec_module(support)


@pytest.fixture(scope="session")
def correct_planar_report():
    from grader.grading.grade import grade_file

    return grade_file(support.PLANAR, seed=2024)
