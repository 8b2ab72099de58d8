"""The week-3 bank that ships with the program: usable, bilingual, and self-consistent."""

import pytest

from grader.content import quizzes_dir
from grader.quiz.answers import is_correct
from grader.quiz.loader import load_quiz, validate_files
from grader.quiz.session import Session

BANKS = sorted(quizzes_dir().glob("*.yaml"))


def test_there_is_a_builtin_bank():
    assert BANKS


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_bank_validates_clean(path):
    assert [str(p) for p in validate_files([path])] == []


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_every_text_a_student_sees_exists_in_both_languages(path):
    quiz = load_quiz(path)
    texts = [quiz.title] + list(quiz.topic_titles.values())
    for q in quiz.questions:
        texts += [q.prompt, q.explanation] + [c.text for c in q.choices]
        texts += [c.feedback for c in q.choices if c.feedback]
    missing = [t for t in texts if set(t) != {"en", "zh"}]
    assert missing == []
    # Every question explains itself after it is answered.
    assert [q.id for q in quiz.questions if not q.explanation] == []


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.name)
def test_accepted_answers_are_accepted_and_an_attempt_covers_every_topic(path):
    quiz = load_quiz(path)
    for q in quiz.questions:
        if q.kind == "short":
            assert all(is_correct(q, answer) for answer in q.answers), q.id
    assert quiz.attempt_size >= len(quiz.topics)
    for seed in range(10):
        assert {q.topic for q in Session.start(quiz, seed).questions} == set(quiz.topics)
