"""Run a Submission's module text the way the sandbox will: in a fresh python, with its
`modules` importable by name, and report back what a snippet computed (pickled).

Stands in for the sandbox (built elsewhere) so these tests check the extraction end to end.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

RUNNER = textwrap.dedent('''
    import importlib.abc, importlib.util, json, pickle, sys, time, types
    job = json.load(open(sys.argv[1], encoding="utf-8"))
    modules = job["modules"]

    class Shims(importlib.abc.MetaPathFinder, importlib.abc.Loader):
        def find_spec(self, name, path=None, target=None):
            if name not in modules:
                return None
            is_package = any(other.startswith(name + ".") for other in modules)
            return importlib.util.spec_from_loader(name, self, is_package=is_package)
        def create_module(self, spec):
            return None
        def exec_module(self, module):
            exec(compile(modules[module.__name__], f"<{module.__name__}>", "exec"),
                 module.__dict__)

    class NoGrader(importlib.abc.MetaPathFinder):
        # The shims are sent to a child that cannot import the grader: prove they do not.
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == "grader":
                raise ImportError("the grader is not importable in the child")
            return None

    sys.meta_path[:0] = [NoGrader(), Shims()]
    start = time.perf_counter()
    student = types.ModuleType("submission")
    student.__file__ = job["filename"]
    sys.modules["submission"] = student
    exec(compile(job["source"], job["filename"], "exec"), student.__dict__)
    load_seconds = time.perf_counter() - start
    namespace = {"student": student, "load_seconds": load_seconds, "result": {}}
    exec(job["snippet"], namespace)
    with open(sys.argv[2], "wb") as out:
        pickle.dump(namespace["result"], out)
''')


def run_in_child(submission, snippet: str, tmp_path: Path, timeout: float = 60) -> dict:
    """Load `submission.source` in a child python; `snippet` fills the dict `result`.

    The snippet sees `student` (the loaded module) and `load_seconds`.
    """
    job = tmp_path / "job.json"
    out = tmp_path / "result.pickle"
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER, encoding="utf-8")
    job.write_text(json.dumps({"source": submission.source, "filename": submission.filename,
                               "modules": submission.modules, "snippet": textwrap.dedent(snippet)}),
                   encoding="utf-8")
    # -I: isolated, so neither the checkout nor site-packages' grader is importable there.
    done = subprocess.run([sys.executable, "-I", str(runner), str(job), str(out)],
                          capture_output=True, text=True, timeout=timeout, cwd=tmp_path)
    if done.returncode != 0:
        raise AssertionError(f"child failed:\n{done.stderr[-3000:]}")
    with open(out, "rb") as handle:
        return pickle.load(handle)
