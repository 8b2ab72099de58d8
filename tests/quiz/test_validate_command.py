"""`grader validate` as an instructor runs it."""

from grader.cli import main

GOOD = """\
id: demo
title: Demo
questions:
  - {id: q, topic: t, kind: true_false, prompt: P, answer: true, explanation: E}
"""


def test_a_good_bank_says_ok_and_exits_0(tmp_path, capsys):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok: 1 questions in 1 topics, languages en\n"


def test_problems_are_printed_one_per_line_and_exit_1(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("answer: true", "answer: maybe"), encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    assert main(["validate", "--quiet", str(bad), str(good), str(tmp_path / "absent.yaml")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"{bad}:4:60: question 'q' answer must be true or false, not 'maybe'",
        f"{tmp_path / 'absent.yaml'}:1:1: no such file",
        "2 problems in 2 of 3 banks",
    ]


def test_a_folder_checks_every_bank_in_it(tmp_path, capsys):
    (tmp_path / "one.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "two.yml").write_text(GOOD.replace("id: demo", "id: two"), encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


def test_an_empty_folder_is_a_user_error_not_a_traceback(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"grader: {tmp_path}: no question banks (*.yaml) in this folder\n"


def test_without_paths_it_checks_the_builtin_banks(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("GRADER_QUIZ_DIR", str(tmp_path))
    assert main(["validate"]) == 0
    assert "week3_shallow_networks.yaml: ok: 46 questions in 9 topics, 12 per attempt, " \
           "languages en, zh" in capsys.readouterr().out
