"""An attempt as a student lives it: drawn, shuffled, answered, scored, saved and resumed."""

import json

import pytest

from grader.quiz.loader import load_quiz
from grader.quiz.session import Session, StaleStateError

RIGHT = {"w1": "right", "z1": "4 x m", "relu": frozenset({"slope", "default"}), "tanh": "true",
         "zero": "a", "scale": ".01"}
WRONG = {"w1": "transposed", "z1": "(m, 4)", "relu": frozenset({"range"}), "tanh": "false",
         "zero": "b", "scale": "0.1"}


def order(session):
    return [q.id for q in session.questions], [[c.id for c in session.options(q)]
                                               for q in session.questions]


def answer_all(session, answers):
    for i in range(len(session.questions)):
        session.go_to(i)
        session.answer(answers[session.current.id])


def test_an_attempt_draws_the_banks_number_spread_over_topics(small_quiz):
    for seed in range(20):
        session = Session.start(small_quiz, seed)
        assert len(session.questions) == small_quiz.draw == 4
        assert len({q.id for q in session.questions}) == 4
        # 3 topics, 4 questions: every topic is asked at least once.
        assert {q.topic for q in session.questions} == {"shapes", "activations", "init"}


def test_the_same_seed_replays_the_same_attempt_and_others_differ(small_quiz):
    assert order(Session.start(small_quiz, 42)) == order(Session.start(small_quiz, 42))
    assert len({repr(order(Session.start(small_quiz, seed))) for seed in range(10)}) > 5


def test_options_are_shuffled_except_true_false_and_pinned_ones(small_quiz):
    seen_w1_orders = set()
    for seed in range(30):
        session = Session.start(small_quiz, seed, question_ids=["w1", "tanh", "zero", "z1"])
        by_id = {q.id: q for q in session.questions}
        assert [c.id for c in session.options(by_id["tanh"])] == ["true", "false"]
        assert [c.id for c in session.options(by_id["zero"])] == ["a", "b", "c"]
        assert session.options(by_id["z1"]) == ()
        seen_w1_orders.add(tuple(c.id for c in session.options(by_id["w1"])))
    assert len(seen_w1_orders) > 5


def test_question_ids_choose_the_questions(small_quiz):
    session = Session.start(small_quiz, 1, question_ids=["scale", "w1"])
    assert sorted(q.id for q in session.questions) == ["scale", "w1"]
    with pytest.raises(KeyError):
        Session.start(small_quiz, 1, question_ids=["nope"])


def test_answering_gives_feedback_and_the_first_answer_counts(small_quiz):
    session = Session.start(small_quiz, 3, question_ids=["w1"])
    feedback = session.answer("transposed")
    assert not feedback.correct and feedback.response == "transposed"
    assert feedback.chosen_feedback == ({"en": "Transposed.", "zh": "转置了。"},)
    assert feedback.correct_choice_ids == ("right",)
    assert session.answer("right") == feedback  # a second try changes nothing
    assert session.feedback_for("w1") == feedback
    assert session.result().correct == 0


def test_feedback_of_multiple_and_short(small_quiz):
    session = Session.start(small_quiz, 5, question_ids=["relu", "z1"])
    session.go_to([q.id for q in session.questions].index("relu"))
    feedback = session.answer(frozenset({"slope", "range"}))
    assert not feedback.correct
    assert feedback.chosen_feedback == ({"en": "No, that is sigmoid."},)
    order_ids = [c.id for c in session.options(session.current)]
    assert list(feedback.correct_choice_ids) == [i for i in order_ids if i in ("slope", "default")]
    session.go_to([q.id for q in session.questions].index("z1"))
    feedback = session.answer("4×m")
    assert feedback.correct and feedback.accepted == ("(4, m)",)
    assert feedback.explanation == {"en": "Z1 = W1 @ X + b1."}


def test_bad_responses_are_refused_without_being_recorded(small_quiz):
    session = Session.start(small_quiz, 5, question_ids=["w1"])
    with pytest.raises(ValueError):
        session.answer("no-such-option")
    with pytest.raises(TypeError):
        session.answer(frozenset({"right"}))
    assert session.answered_count == 0 and session.feedback_for("w1") is None


def test_moving_around_is_clamped_and_finds_the_first_gap(small_quiz):
    session = Session.start(small_quiz, 9)
    assert session.index == 0 and session.previous() == 0
    assert session.go_to(99) == 3 and session.next() == 3
    assert session.go_to(-5) == 0
    session.go_to(2)
    session.answer(RIGHT[session.current.id])
    assert session.first_unanswered() == 0 and session.answered_count == 1
    answer_all(session, RIGHT)
    assert session.finished and session.first_unanswered() is None


def test_result_counts_topics_and_unanswered_questions_as_missed(small_quiz):
    session = Session.start(small_quiz, 11, question_ids=["w1", "z1", "relu", "tanh"])
    ids = [q.id for q in session.questions]
    for qid in ("w1", "relu"):
        session.go_to(ids.index(qid))
        session.answer(RIGHT[qid])
    session.go_to(ids.index("tanh"))
    session.answer(WRONG["tanh"])
    result = session.result()
    assert (result.correct, result.total, result.score) == (2, 4, 0.5)
    assert result.passed  # the small bank passes at 0.5
    assert result.by_topic == {t: (1, 2) for t in ("shapes", "activations")}
    assert sorted(q.id for q in result.missed) == ["tanh", "z1"]
    assert [q.id for q in result.missed] == [i for i in ids if i in ("tanh", "z1")]


@pytest.mark.parametrize("right, passed", [(7, True), (6, False), (10, True)])
def test_pass_mark_is_exact_at_the_boundary(write_bank, right, passed):
    questions = "".join(f"""
  - {{id: q{i}, topic: t, kind: true_false, prompt: P{i}, answer: true, explanation: E}}""" for i in range(10))
    quiz = load_quiz(write_bank(f"id: ten\ntitle: Ten\npass_mark: 0.7\nquestions:{questions}\n"))
    session = Session.start(quiz, 0)
    for i in range(10):
        session.go_to(i)
        session.answer("true" if i < right else "false")
    result = session.result()
    assert result.passed is passed and result.score == right / 10


def test_retry_missed_asks_only_the_missed_ones(small_quiz):
    session = Session.start(small_quiz, 2)
    answer_all(session, {**RIGHT, "w1": WRONG["w1"], "z1": WRONG["z1"], "relu": WRONG["relu"]})
    missed = {q.id for q in session.result().missed}
    retry = session.retry_missed(seed=99)
    assert {q.id for q in retry.questions} == missed and retry.answered_count == 0
    perfect = Session.start(small_quiz, 2)
    answer_all(perfect, RIGHT)
    assert perfect.result().score == 1.0
    with pytest.raises(ValueError):
        perfect.retry_missed(seed=1)


def test_state_is_json_and_resumes_exactly(small_quiz):
    session = Session.start(small_quiz, 17, question_ids=[q.id for q in small_quiz.questions])
    for i in (0, 2, 3):
        session.go_to(i)
        session.answer(RIGHT[session.current.id])
    session.go_to(4)
    state = json.loads(json.dumps(session.to_state()))
    resumed = Session.from_state(small_quiz, state)
    assert order(resumed) == order(session)
    assert resumed.index == 4 and resumed.seed == 17
    assert resumed.answered_count == 3
    for q in session.questions:
        assert resumed.feedback_for(q.id) == session.feedback_for(q.id)
    assert resumed.to_state() == session.to_state()
    resumed.answer(RIGHT[resumed.current.id])  # and it goes on from there
    assert resumed.answered_count == 4


def test_state_from_an_edited_bank_is_stale(small_quiz, small_bank_text, write_bank):
    session = Session.start(small_quiz, 4, question_ids=["w1", "z1"])
    state = session.to_state()
    edited = load_quiz(write_bank(small_bank_text.replace('- {id: row, text: "(1, n_h)"}', ""),
                                  "edited.yaml"))
    with pytest.raises(StaleStateError):
        Session.from_state(edited, state)
    with pytest.raises(StaleStateError):
        Session.from_state(small_quiz, {**state, "questions": ["w1", "gone"]})
    with pytest.raises(StaleStateError):
        Session.from_state(small_quiz, {"garbage": True})
    other = load_quiz(write_bank(small_bank_text.replace("id: small", "id: other"), "other.yaml"))
    with pytest.raises(StaleStateError):
        Session.from_state(other, state)


def _ops():
    from hypothesis import strategies as st
    move = st.tuples(st.just("go"), st.integers(-3, 9))
    step = st.sampled_from([("next", None), ("previous", None)])
    answer = st.tuples(st.just("answer"), st.booleans())  # True: the right answer
    return st.lists(st.one_of(move, step, answer), max_size=25)


def test_any_sequence_of_actions_resumes_exactly(small_quiz):
    from hypothesis import given, settings, strategies as st

    @settings(max_examples=150, deadline=None)
    @given(seed=st.integers(0, 2**32), ops=_ops())
    def check(seed, ops):
        session = Session.start(small_quiz, seed)
        first_answers = {}
        for op, arg in ops:
            if op == "go":
                session.go_to(arg)
            elif op == "next":
                session.next()
            elif op == "previous":
                session.previous()
            else:
                qid = session.current.id
                session.answer((RIGHT if arg else WRONG)[qid])
                first_answers.setdefault(qid, arg)
            assert 0 <= session.index < len(session.questions)
            resumed = Session.from_state(small_quiz, json.loads(json.dumps(session.to_state())))
            assert resumed.to_state() == session.to_state()
            assert resumed.result() == session.result()
        result = session.result()
        assert result.correct == sum(first_answers.values())  # the first answer is what counts
        assert session.answered_count == len(first_answers)
        assert session.finished == (len(first_answers) == len(session.questions))

    check()
