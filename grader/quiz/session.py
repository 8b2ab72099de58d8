"""One attempt at a quiz: which questions, in what order, what was answered, and the score.

Pure logic, no I/O. Everything random comes from the seed, so the same seed replays the same
attempt, and `to_state()` is plain JSON so an attempt can be saved after every answer and resumed.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from grader.quiz.answers import canonical_response, is_correct
from grader.quiz.model import Choice, Question, Quiz

STATE_VERSION = 1


class StaleStateError(ValueError):
    """A saved attempt no longer fits its bank (questions or options changed since): start anew."""


@dataclass(frozen=True)
class Feedback:
    correct: bool
    response: object  # str (single, true_false, short) or frozenset[str] (multiple)
    # Feedback of the options the student chose, in this attempt's option order (empty ones left out).
    chosen_feedback: tuple[dict[str, str], ...]
    correct_choice_ids: tuple[str, ...]  # in this attempt's option order
    accepted: tuple[str, ...]  # a short question's accepted answers, else ()
    explanation: dict[str, str]


@dataclass(frozen=True)
class Result:
    correct: int
    total: int
    score: float
    passed: bool
    by_topic: dict[str, tuple[int, int]]  # topic -> (right, asked), in order of first appearance
    missed: tuple[Question, ...]  # wrong or unanswered, in attempt order


def _draw(quiz: Quiz, rng: random.Random) -> list[Question]:
    """`quiz.draw` questions spread over the topics: one per topic in turn, until enough.

    Spreading keeps a short attempt from asking four questions on shapes and none on backprop.
    """
    by_topic: dict[str, list[Question]] = {}
    for question in quiz.questions:
        by_topic.setdefault(question.topic, []).append(question)
    for pool in by_topic.values():
        rng.shuffle(pool)
    topics = list(by_topic)
    rng.shuffle(topics)
    drawn: list[Question] = []
    while len(drawn) < quiz.attempt_size:
        for topic in topics:
            if by_topic[topic] and len(drawn) < quiz.attempt_size:
                drawn.append(by_topic[topic].pop())
    return drawn


def _response_to_json(response: object) -> object:
    return sorted(response) if isinstance(response, frozenset) else response


def _response_from_json(question: Question, value: object) -> object:
    return frozenset(value) if question.kind == "multiple" else value


class Session:
    """An attempt. Build it with `Session.start` or `Session.from_state`."""

    def __init__(self, quiz: Quiz, seed: int, questions: Sequence[Question],
                 option_order: Mapping[str, Sequence[str]],
                 responses: Mapping[str, object] | None = None, index: int = 0):
        if not questions:
            raise ValueError("an attempt needs at least one question")
        self.quiz = quiz
        self.seed = seed
        self.questions: tuple[Question, ...] = tuple(questions)
        self._options: dict[str, tuple[Choice, ...]] = {
            question.id: tuple(question.choice(cid) for cid in option_order.get(question.id, ()))
            for question in self.questions
        }
        self._responses: dict[str, object] = dict(responses or {})
        self._feedback: dict[str, Feedback] = {}
        self.index = 0
        self.go_to(index)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def start(cls, quiz: Quiz, seed: int, question_ids: Sequence[str] | None = None) -> Session:
        """A fresh attempt: `quiz.draw` questions (all of `question_ids` if given), shuffled by seed."""
        rng = random.Random(seed)
        if question_ids is None:
            questions = _draw(quiz, rng)
        else:
            questions = [quiz.question(qid) for qid in dict.fromkeys(question_ids)]
        rng.shuffle(questions)
        order: dict[str, list[str]] = {}
        for question in questions:
            ids = [choice.id for choice in question.choices]
            # True stays above False, and a bank may pin an order the options rely on.
            if question.kind != "true_false" and question.shuffle_choices:
                rng.shuffle(ids)
            order[question.id] = ids
        return cls(quiz, seed, questions, order)

    def to_state(self) -> dict:
        """Plain JSON: enough to rebuild this attempt exactly with `from_state`."""
        return {
            "version": STATE_VERSION,
            "quiz_id": self.quiz.id,
            "seed": self.seed,
            "questions": [question.id for question in self.questions],
            "options": {qid: [choice.id for choice in choices]
                        for qid, choices in self._options.items() if choices},
            "responses": {qid: _response_to_json(response)
                          for qid, response in self._responses.items()},
            "index": self.index,
        }

    @classmethod
    def from_state(cls, quiz: Quiz, state: Mapping) -> Session:
        """The attempt `state` describes; StaleStateError if the bank no longer fits it."""
        try:
            if state.get("version") != STATE_VERSION or state.get("quiz_id") != quiz.id:
                raise StaleStateError("saved attempt is of another quiz or format")
            questions = [quiz.question(qid) for qid in state["questions"]]
            options = {qid: list(ids) for qid, ids in state.get("options", {}).items()}
            for question in questions:
                saved = sorted(options.get(question.id, []))
                if saved != sorted(choice.id for choice in question.choices):
                    raise StaleStateError(f"options of question {question.id!r} changed")
            by_id = {question.id: question for question in questions}
            responses = {}
            for qid, value in state.get("responses", {}).items():
                responses[qid] = canonical_response(by_id[qid],
                                                    _response_from_json(by_id[qid], value))
            return cls(quiz, int(state["seed"]), questions, options, responses,
                       int(state.get("index", 0)))
        except StaleStateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StaleStateError(f"saved attempt does not fit quiz {quiz.id!r}: {error}") from None

    def retry_missed(self, seed: int) -> Session:
        """A new attempt of the questions this one got wrong or left unanswered."""
        missed = self.result().missed
        if not missed:
            raise ValueError("nothing was missed: there is nothing to retry")
        return Session.start(self.quiz, seed, [question.id for question in missed])

    # -- where we are ---------------------------------------------------------------------

    @property
    def current(self) -> Question:
        return self.questions[self.index]

    @property
    def answered_count(self) -> int:
        return len(self._responses)

    @property
    def finished(self) -> bool:
        """Every question has an answer."""
        return len(self._responses) == len(self.questions)

    def go_to(self, i: int) -> int:
        """Move to question i (clamped to the attempt); returns the new index."""
        self.index = max(0, min(int(i), len(self.questions) - 1))
        return self.index

    def next(self) -> int:
        return self.go_to(self.index + 1)

    def previous(self) -> int:
        return self.go_to(self.index - 1)

    def first_unanswered(self) -> int | None:
        for i, question in enumerate(self.questions):
            if question.id not in self._responses:
                return i
        return None

    def is_answered(self, question_id: str) -> bool:
        return question_id in self._responses

    # -- answering ------------------------------------------------------------------------

    def options(self, question: Question) -> tuple[Choice, ...]:
        """The question's options in this attempt's order (() for short questions)."""
        return self._options[question.id]

    def answer(self, response: object) -> Feedback:
        """Answer the current question. The first answer counts: answering again changes nothing.

        response: a choice id (single, true_false), a set of choice ids (multiple), text (short).
        TypeError if it has the wrong form, ValueError if it names an option the question lacks.
        """
        question = self.current
        if question.id in self._responses:
            return self.feedback_for(question.id)
        response = canonical_response(question, response)
        if question.kind != "short":
            chosen = response if isinstance(response, frozenset) else {response}
            unknown = set(chosen) - {choice.id for choice in question.choices}
            if unknown:
                raise ValueError(f"question {question.id!r} has no option {sorted(unknown)}")
        self._responses[question.id] = response
        return self.feedback_for(question.id)

    def feedback_for(self, question_id: str) -> Feedback | None:
        """The feedback on a question's answer, or None while it is unanswered."""
        if question_id not in self._responses:
            return None
        if question_id not in self._feedback:
            question = self.quiz.question(question_id)
            response = self._responses[question_id]
            chosen = response if isinstance(response, frozenset) else {response}
            options = self._options[question_id]
            self._feedback[question_id] = Feedback(
                correct=is_correct(question, response),
                response=response,
                chosen_feedback=tuple(c.feedback for c in options if c.id in chosen and c.feedback),
                correct_choice_ids=tuple(c.id for c in options if c.correct),
                accepted=question.answers if question.kind == "short" else (),
                explanation=question.explanation,
            )
        return self._feedback[question_id]

    # -- scoring --------------------------------------------------------------------------

    def result(self) -> Result:
        """The score so far; unanswered questions count as missed."""
        by_topic: dict[str, tuple[int, int]] = {}
        missed = []
        for question in self.questions:
            feedback = self.feedback_for(question.id)
            right = bool(feedback and feedback.correct)
            if not right:
                missed.append(question)
            won, asked = by_topic.get(question.topic, (0, 0))
            by_topic[question.topic] = (won + right, asked + 1)
        total = len(self.questions)
        correct = total - len(missed)
        score = correct / total
        # Compare in whole questions so that 7 of 10 passes a 0.7 mark despite float rounding.
        passed = correct >= self.quiz.pass_mark * total - 1e-9
        return Result(correct, total, score, passed, by_topic, tuple(missed))
