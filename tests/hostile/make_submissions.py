"""Write tests/hostile/submissions/ from attacks.yaml and honest_planar.py.

    .venv/bin/python tests/hostile/make_submissions.py          # (re)write the files
    .venv/bin/python tests/hostile/make_submissions.py --check  # exit 1 if any file differs

The files are committed, so each attack can be read (and graded by hand) on its own;
test_submissions_match_the_table keeps them in step with the table.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TABLE = HERE / "attacks.yaml"
HONEST = HERE / "honest_planar.py"
HONEST_BY_EXERCISE = {"planar": HONEST, "activations": HERE / "honest_activations.py"}
OUT = HERE / "submissions"


def load_table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _header(attack: dict) -> str:
    return (f"# HOSTILE TEST SUBMISSION {attack['name']} "
            "(generated from tests/hostile/attacks.yaml)\n"
            f"# {attack['what']}\n")


def _replace(source: str, replacements: dict[str, str]) -> str:
    """The honest source with each named top-level def swapped for the given text."""
    lines = source.split("\n")
    spans = {node.name: (node.lineno - 1, node.end_lineno)
             for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)}
    for name in sorted(replacements, key=lambda n: spans[n][0], reverse=True):
        start, end = spans[name]
        new = replacements[name].rstrip("\n")
        lines[start:end] = new.split("\n") if new else []
    return "\n".join(lines)


def _cells(source: str) -> list[str]:
    """The honest source as notebook cells: the imports, then one cell per function."""
    tree = ast.parse(source)
    lines = source.split("\n")
    cells, previous_end = [], 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            start = node.lineno - 1 - len(node.decorator_list)
            head = "\n".join(lines[previous_end:start]).strip("\n")
            if head.strip():
                cells.append(head)
            cells.append("\n".join(lines[start:node.end_lineno]))
            previous_end = node.end_lineno
    return cells


def _notebook(cells: list[str]) -> str:
    def code(text: str) -> dict:
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": text.splitlines(keepends=True)}

    doc = {
        "cells": [{"cell_type": "markdown", "metadata": {},
                   "source": ["# Planar data classification with one hidden layer\n"]}]
                 + [code(text) for text in cells],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 4,
    }
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def _buggy(honest: str) -> str:
    """A sincere student with two classic bugs (no 1/m in the cost and in dW1): honest, not
    hostile, and graded with failures and diagnoses, so a batch has more than all-pass to keep."""
    text = honest.replace("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)")
    text = text.replace("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)")
    assert text.count("np.sum(logprobs)") == 1 and "dW1 = np.dot(dZ1, X.T)" in text
    return "# An honest submission with two bugs (tests/hostile/make_submissions.py).\n" + text


def _generated(expression: str):
    """A value too big to write out (a 100000-term expression, 100000 cells): a Python
    expression over literals only, evaluated here, in the trusted generator."""
    return eval(expression, {"__builtins__": {}})


def too_big_to_commit(table: dict | None = None) -> set[str]:
    """File names the harness builds at run time and the repository does not keep."""
    attacks = (table or load_table())["attacks"]
    return {a["name"] + a.get("suffix", ".py") for a in attacks if a.get("commit") is False}


def build() -> dict[str, bytes]:
    """File name -> exact bytes, for every submission."""
    honest = HONEST.read_text(encoding="utf-8")
    files = {"honest.py": honest.encode(), "honest.ipynb": _notebook(_cells(honest)).encode(),
             "honest_buggy.py": _buggy(honest).encode(),
             "honest_activations.py": HONEST_BY_EXERCISE["activations"].read_bytes()}
    for attack in load_table()["attacks"]:
        honest = HONEST_BY_EXERCISE[attack.get("exercise", "planar")].read_text(encoding="utf-8")
        name = attack["name"] + attack.get("suffix", ".py")
        if "raw" in attack:
            files[name] = attack["raw"].encode()
        elif "raw_generated" in attack:
            files[name] = _generated(attack["raw_generated"]).encode()
        elif "raw_from_honest_latin1" in attack:
            lines = honest.split("\n")
            at = lines.index("def compute_cost(A2, Y):") + 1
            lines.insert(at, attack["raw_from_honest_latin1"].rstrip("\n"))
            files[name] = "\n".join(lines).encode("latin-1")
        elif "notebook_extra_cells" in attack or "notebook_extra_cells_generated" in attack:
            extra = attack.get("notebook_extra_cells") or _generated(
                attack["notebook_extra_cells_generated"])
            cells = _cells(honest)
            files[name] = _notebook(cells[:1] + extra + cells[1:]).encode()
        else:
            replacements = dict(attack.get("replace", {}))
            for function, expression in attack.get("replace_generated", {}).items():
                replacements[function] = _generated(expression)
            text = _replace(honest, replacements)
            if attack.get("append"):
                text = text.rstrip("\n") + "\n\n\n" + attack["append"]
            if attack.get("append_generated"):
                text = text.rstrip("\n") + "\n\n\n" + _generated(attack["append_generated"])
            files[name] = (_header(attack) + text.rstrip("\n") + "\n").encode()
    return files


def main(argv: list[str]) -> int:
    files = build()
    for name in too_big_to_commit():
        del files[name]
    if "--check" in argv:
        stale = [name for name, data in files.items()
                 if not (OUT / name).exists() or (OUT / name).read_bytes() != data]
        extra = sorted(p.name for p in OUT.iterdir() if p.name not in files)
        for name in stale:
            print(f"stale: {name}")
        for name in extra:
            print(f"not in the table: {name}")
        return 1 if stale or extra else 0
    OUT.mkdir(exist_ok=True)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    for path in OUT.iterdir():
        if path.name not in files:
            path.unlink()
    print(f"wrote {len(files)} files to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
