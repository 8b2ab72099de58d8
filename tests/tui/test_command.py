"""`grader quiz` as a command: bad banks, imports kept light, the app's own words complete."""

from __future__ import annotations

import subprocess
import sys

from grader.cli import main
from grader.quiz.model import LOCALES
from grader.tui.strings import STRINGS
from grader.tui.wrap import wrap_lines

from .conftest import BANK


def test_bad_bank_prints_its_problems_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nquestions:\n  - id: q1\n    kind: nonsense\n")
    code = main(["quiz", "--file", str(bad), "--data-dir", str(tmp_path / "data")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{bad}:5:" in err  # path:line:column of the bad kind
    assert "Traceback" not in err


def test_missing_bank_file_is_a_short_error(tmp_path, capsys):
    code = main(["quiz", "--file", str(tmp_path / "nope.yaml"), "--data-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "nope.yaml" in err and "Traceback" not in err


def test_quiz_command_does_not_import_numpy_or_grading_code():
    code = (
        "import sys, grader.cli\n"
        "grader.cli.build_parser()\n"
        "import grader.commands.quiz, grader.tui.app, grader.tui.screens.question\n"
        "import grader.tui.screens.home, grader.tui.screens.results\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] == 'numpy'\n"
        "         or m.startswith(('grader.grading', 'grader.engine'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_command_module_imports_no_textual():
    code = "import sys, grader.cli; grader.cli.build_parser(); print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_every_app_string_exists_in_every_language():
    for key, texts in STRINGS.items():
        assert set(texts) == set(LOCALES), key


def test_chinese_wraps_within_80_columns_without_leading_punctuation():
    from rich.cells import cell_len

    text = ("把 W^[1] 的所有权重都初始化为零没有问题，因为梯度下降会打破对称性。权重全为零时，"
            "每个隐藏单元计算相同的函数并得到相同的梯度，因此它们始终相同。应随机初始化 W（例如 "
            "np.random.randn(n_h, n_x) * 0.01）。") * 2
    lines = wrap_lines(text, 78)
    assert len(lines) > 2
    assert all(cell_len(line) <= 78 for line in lines)
    assert not any(line[:1] in "，。、）：" for line in lines)
    # No ragged gaps: every line but the last is nearly full.
    assert all(cell_len(line) >= 70 for line in lines[:-1])
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_bank_beside_tests_is_valid():
    from grader.quiz.loader import validate_files

    assert validate_files([BANK]) == []
