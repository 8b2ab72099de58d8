"""Makes this folder's helpers (course_notebook, run_submission) importable by the tests."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
