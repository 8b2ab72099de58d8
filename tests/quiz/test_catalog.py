from pathlib import Path

from grader.content import quizzes_dir
from grader.quiz.catalog import available_quizzes, quiz_key, user_quiz_dir


def test_user_quiz_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADER_QUIZ_DIR", str(tmp_path / "mine"))
    assert user_quiz_dir() == tmp_path / "mine"
    monkeypatch.delenv("GRADER_QUIZ_DIR")
    monkeypatch.setenv("GRADER_DATA_DIR", str(tmp_path / "data"))
    assert user_quiz_dir() == tmp_path / "data" / "quizzes"
    assert user_quiz_dir(tmp_path / "flag") == tmp_path / "flag" / "quizzes"


def test_builtin_then_user_then_extra_with_broken_banks_listed(monkeypatch, tmp_path,
                                                               small_bank_text):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "b_small.yaml").write_text(small_bank_text, encoding="utf-8")
    (mine / "a_broken.yaml").write_text("id: broken\ntitle: [\n", encoding="utf-8")
    (mine / "notes.txt").write_text("not a bank", encoding="utf-8")
    extra = tmp_path / "extra.yaml"
    extra.write_text(small_bank_text.replace("id: small", "id: extra"), encoding="utf-8")
    monkeypatch.setenv("GRADER_QUIZ_DIR", str(mine))

    entries = available_quizzes([extra, mine / "b_small.yaml"])

    builtin = sorted(quizzes_dir().glob("*.yaml"))
    assert [e.path for e in entries] == builtin + [mine / "a_broken.yaml",
                                                   mine / "b_small.yaml", extra]
    assert all(e.builtin for e in entries[:len(builtin)])
    assert not any(e.builtin for e in entries[len(builtin):])
    broken = entries[len(builtin)]
    assert broken.quiz is None and "not valid YAML" in str(broken.problems[0])
    assert entries[-1].quiz.id == "extra" and entries[-1].problems == []


def test_a_missing_user_folder_is_simply_empty(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADER_QUIZ_DIR", str(tmp_path / "absent"))
    assert all(e.builtin for e in available_quizzes())


def test_quiz_key_tells_banks_apart_and_builtin_keys_do_not_depend_on_the_checkout(
        monkeypatch, tmp_path, small_bank_text):
    monkeypatch.setenv("GRADER_QUIZ_DIR", str(tmp_path / "absent"))
    builtin = available_quizzes()[0].quiz
    assert quiz_key(builtin) == f"{builtin.id}@builtin:{builtin.path.name}"
    from grader.quiz.loader import load_quiz
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(small_bank_text, encoding="utf-8")
    b.write_text(small_bank_text, encoding="utf-8")
    assert quiz_key(load_quiz(a)) != quiz_key(load_quiz(b))
    assert quiz_key(load_quiz(a)) == quiz_key(load_quiz(Path(a)))
