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


WEEK3 = quizzes_dir() / "week3_shallow_networks.yaml"


def test_the_three_classics_are_there_with_the_right_answers():
    quiz = load_quiz(WEEK3)
    zero = quiz.question("zero-init")
    assert zero.correct_choice_ids == ("symmetric",)
    assert "same function" in zero.choice("symmetric").text["en"]
    assert is_correct(quiz.question("zero-bias"), "true")  # biases may start at zero
    assert is_correct(quiz.question("logreg-zero-init"), "false")
    assert "break symmetry" in quiz.question("logreg-zero-init").prompt["en"]
    large = quiz.question("large-init")
    assert "* 1000" in large.prompt["en"] and large.correct_choice_ids == ("saturate",)
    assert "slow" in large.choice("saturate").text["en"]


def test_every_idea_of_the_week_has_a_question():
    quiz = load_quiz(WEEK3)
    assert len(quiz.questions) >= 24
    ideas = {
        "notation a^[2](12), a^[2]_4, columns of X": "notation-statements",
        "vectorised forward step": "layer-l-forward",
        "shapes of W1, b1, W2, b2": "param-shapes",
        "shape of Z1 / A1": "z1-shape",
        "np.sum with keepdims": "keepdims-shape",
        "np.sum without keepdims": "db1-keepdims",
        "tanh vs sigmoid for hidden units": "tanh-vs-sigmoid",
        "sigmoid for a binary output": "output-activation",
        "linear activations collapse": "why-nonlinear",
        "linear output for regression": "regression-output",
        "ReLU as the default": "relu-facts",
        "sigma' = a(1-a)": "sigmoid-derivative",
        "tanh' = 1-a^2": "tanh-derivative",
        "ReLU'": "relu-derivative",
        "leaky ReLU'": "leaky-relu-derivative",
        "the 0.01 scale": "init-scale",
    }
    ids = {q.id for q in quiz.questions}
    assert {idea: qid for idea, qid in ideas.items() if qid not in ids} == {}
    text = quiz.question("notation-statements")
    assert {"a^[2](12)", "a^[2]_4"} <= {word for c in text.choices for word in c.text["en"].split()}
    assert "Z[l] = W[l] A[l-1] + b[l]" in quiz.question("layer-l-forward").choice("right").text["en"]


def test_typed_answers_are_compared_as_a_student_would_expect():
    quiz = load_quiz(WEEK3)
    z1, sig0, tanh_d = (quiz.question(q) for q in ("z1-shape", "sigmoid-derivative-zero",
                                                   "tanh-derivative"))
    for typed in ("(4, m)", "(4,m)", "4 x m", "4×m", "（4，m）", "[4, m]"):
        assert is_correct(z1, typed), typed
    for typed in ("(m, 4)", "(4, 1)", "4", ""):
        assert not is_correct(z1, typed), typed
    assert is_correct(sig0, ".25") and is_correct(sig0, "0.250") and not is_correct(sig0, "0.5")
    assert is_correct(tanh_d, "1-a**2") and not is_correct(tanh_d, "a(1-a)")


def test_the_chinese_is_written_out_not_copied_from_the_english():
    quiz = load_quiz(WEEK3)
    han = [q.id for q in quiz.questions if not any("\u4e00" <= ch <= "\u9fff" for ch in q.prompt["zh"])]
    assert han == []
    words = " ".join(q.explanation["zh"] + q.prompt["zh"] for q in quiz.questions)
    for term in ("隐藏层", "激活函数", "反向传播", "对称性", "梯度消失"):
        assert term in words, term
