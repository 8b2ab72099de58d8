"""`grader validate` as an instructor runs it."""

from grader.cli import main
from grader.content import quizzes_dir
from grader.quiz.loader import load_quiz

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
    assert capsys.readouterr().out == f"{path}: ok: 1 question in 1 topic, languages en\n"


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
    quiz = load_quiz(quizzes_dir() / "week3_shallow_networks.yaml")
    assert capsys.readouterr().out.splitlines() == [
        f"{quiz.path}: ok: {len(quiz.questions)} questions in {len(quiz.topics)} topics, "
        f"{quiz.draw} per attempt, languages en, zh"]


def test_hostile_yaml_is_reported_not_run(tmp_path, capsys):
    bad, ran = tmp_path / "bad.yaml", tmp_path / "ran"
    bad.write_text(f"id: !!python/object/apply:os.system ['touch {ran}']\ntitle: &t T\n"
                   "questions: *t\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    assert not ran.exists()
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:1:5: the YAML tag !!python/object/apply:os.system is not allowed here; remove it "
        "(a bank uses plain text, numbers, true/false, lists and mappings)",
        f"{bad}:2:8: YAML anchors (&t) are not allowed; write the value out",
        f"{bad}:3:12: YAML aliases (*t) are not allowed; write the value out",
        "3 problems in 1 of 1 bank",
    ]
