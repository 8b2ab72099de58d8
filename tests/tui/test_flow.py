"""The whole quiz flow driven with keys through Textual's pilot, as a student would."""

from __future__ import annotations

import asyncio

import pytest

from grader.quiz.model import localize
from grader.tui.screens.home import HomeScreen
from grader.tui.screens.question import QuestionScreen
from grader.tui.screens.results import ResultsScreen

from .conftest import BANK, make_app, screen_text

SIZE = (100, 40)


async def wait_for(pilot, condition, timeout: float = 5.0) -> None:
    """Let the app run until `condition()` holds (start-up loads off the event loop)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting; screen shows:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


async def on_question(pilot) -> QuestionScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
    await pilot.pause()
    return pilot.app.screen


async def go_to_question(pilot, question_id: str) -> QuestionScreen:
    screen = await on_question(pilot)
    for _ in range(len(screen.session.questions)):
        if screen.session.current.id == question_id:
            return screen
        await pilot.press("n")
        await pilot.pause()
    raise AssertionError(f"question {question_id} not in the attempt")


def option_key(screen: QuestionScreen, correct: bool) -> str:
    """The number key of the first option that is (or is not) correct in this attempt."""
    options = screen.session.options(screen.session.current)
    return str(next(i for i, c in enumerate(options, 1) if c.correct == correct))


async def test_right_answer_shows_correct_and_explanation(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "w1-shape")
        assert "answered 0" in screen_text(app)
        await pilot.press(option_key(screen, correct=True))
        await pilot.pause()
        text = screen_text(app)
        assert "✔ Correct" in text
        assert "Yes: one row per hidden unit." in text  # the chosen option's feedback
        assert "so W^[1] is (n_h, n_x) = (4, 3)." in text  # explanation, brackets intact
        assert "answered 1" in text


async def test_wrong_answer_shows_feedback_explanation_and_right_option(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "w1-shape")
        options = screen.session.options(screen.session.current)
        wrong = next(i for i, c in enumerate(options) if c.id == "b")
        await pilot.press(str(wrong + 1))
        await pilot.pause()
        text = screen_text(app)
        assert "✘ Not quite" in text
        assert "That is the shape of W^[1].T." in text
        assert "W^[l] has shape (n^[l], n^[l-1])" in text
        right_line = next(line for line in text.splitlines() if "(4, 3)" in line and "✔" in line)
        assert right_line.strip().startswith("✔")
        # The first answer counts: choosing again changes nothing.
        await pilot.press(str(next(i for i, c in enumerate(options, 1) if c.correct)))
        await pilot.pause()
        assert "✘ Not quite" in screen_text(app)
        assert screen.session.feedback_for("w1-shape").correct is False


async def test_prompt_brackets_are_not_eaten_by_markup(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await go_to_question(pilot, "w1-shape")
        text = screen_text(app)
        assert "what is the shape of W^[1]? (x[i] is one example.)" in text


async def test_arrows_and_enter_answer_and_enter_again_moves_on(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "relu-derivative")
        options = screen.session.options(screen.session.current)
        target = next(i for i, c in enumerate(options) if c.correct)
        for _ in range(target):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
        index = screen.session.index
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.index == index + 1


async def test_language_switch_turns_question_chinese_and_is_remembered(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "w1-shape")
        question = screen.session.current
        await pilot.press("l")
        await pilot.pause()
        text = screen_text(app)
        assert "W^[1] 的形状是什么？" in text
        assert "What is the shape" not in text
        assert "第 " in text and "主题：矩阵形状" in text
        await pilot.press(option_key(screen, correct=True))
        await pilot.pause()
        assert "✔ 回答正确" in screen_text(app)
        assert localize(question.explanation, "zh")[:10] in screen_text(app)
    await asyncio.sleep(0)
    again = make_app(data_dir)
    async with again.run_test(size=SIZE) as pilot:
        await on_question(pilot)
        assert again.locale == "zh"
        assert "回答正确" in screen_text(again)  # resumed on the answered question, in Chinese


async def test_multiple_choice_space_toggles_and_enter_checks(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "tanh-vs-sigmoid")
        await pilot.press("enter")  # nothing ticked: not an answer
        await pilot.pause()
        assert screen.session.feedback_for("tanh-vs-sigmoid") is None
        options = screen.session.options(screen.session.current)
        for i, choice in enumerate(options):
            if choice.correct:
                await pilot.press("space")
            await pilot.press("down")
        await pilot.pause()
        assert "[x]" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
        assert screen.session.feedback_for("tanh-vs-sigmoid").response == frozenset(
            {"zero-mean", "range"})


async def test_short_answer_input(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "a2-shape")
        await pilot.press(*"1 x 400", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "✔ Correct" in text
        assert "Your answer: 1 x 400" in text
        # Leaving the (now locked) box, n and p move again.
        index = screen.session.index
        await pilot.press("p")
        await pilot.pause()
        assert screen.session.index == index - 1


async def test_quit_and_resume_at_same_question_with_same_answers(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_question(pilot)
        await pilot.press(option_key(screen, correct=False))
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("n")  # skip the second question
        await pilot.pause()
        session = screen.session
        where, order = session.index, [q.id for q in session.questions]
        answers = {q.id: session.feedback_for(q.id) for q in session.questions}
        assert where == 2
    again = make_app(data_dir, seed=999)  # a different seed must not matter when resuming
    async with again.run_test(size=SIZE) as pilot:
        screen = await on_question(pilot)
        session = screen.session
        assert session.index == where
        assert [q.id for q in session.questions] == order
        assert {q.id: session.feedback_for(q.id) for q in session.questions} == answers
        assert "Question 3 of 5 · answered 1" in screen_text(again)


async def answer_all(pilot, screen: QuestionScreen, wrong: set[str]) -> None:
    """Answer every question: right, except those in `wrong`."""
    for _ in screen.session.questions:
        question = screen.session.current
        good = question.id not in wrong
        if question.kind == "short":
            await pilot.press(*("(1, 400)" if good else "42"), "enter")
        elif question.kind == "multiple":
            for choice in screen.session.options(question):
                if choice.correct == good:
                    await pilot.press("space")
                await pilot.press("down")
            await pilot.press("enter")
        else:
            await pilot.press(option_key(screen, correct=good))
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()


async def test_results_review_and_retry_missed(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await on_question(pilot)
        await answer_all(pilot, screen, wrong={"w1-shape", "a2-shape"})
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Score: 3/5 (60%)" in text
        assert "NOT PASSED (pass mark 80%)" in text
        assert "Shapes" in text and "0/2" in text  # both shape questions missed
        assert "Activation functions" in text and "2/2" in text
        # The review lists each missed question with the answer given and the explanation.
        assert "what is the shape of W^[1]?" in text
        assert "Your answer: 42" in text
        assert "A^[2] has one row per output unit" in text
        assert "ReLU is the identity" not in text  # answered right: not in the review
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionScreen))
        retry = app.screen.session
        assert {q.id for q in retry.questions} == {"w1-shape", "a2-shape"}
        assert "Question 1 of 2 · answered 0" in screen_text(app)


async def test_home_lists_banks_best_score_and_bad_bank(data_dir, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: Bad\nquestions:\n  - id: q1\n    kind: nonsense\n")
    app = make_app(data_dir, start=False, files=(BANK, bad))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        text = screen_text(app)
        assert "Test quiz: one hidden layer" in text
        assert "Week 3" in text  # the built-in bank
        assert f"{bad}:" in text or "bad.yaml (has problems)" in text
        assert "No attempts yet." in text
        await pilot.press("enter")
        screen = await on_question(pilot)
        await answer_all(pilot, screen, wrong=set())
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Best score: 100%" in screen_text(app))
        assert "5/5  100%  pass" in screen_text(app)


async def test_home_offers_resume_of_unfinished_attempt(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_question(pilot)
        await pilot.press(option_key(screen, correct=True))
        await pilot.pause()
    home = make_app(data_dir, start=False)
    async with home.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Unfinished attempt: 1 of 5 answered" in screen_text(home))
        await pilot.press("enter")
        screen = await on_question(pilot)
        assert screen.session.answered_count == 1


@pytest.mark.parametrize("key", ["question_mark"])
async def test_help_opens_and_closes(data_dir, key):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await on_question(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert "switch English / 中文" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_mouse_click_answers_and_nav_button_moves(data_dir):
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await go_to_question(pilot, "relu-derivative")
        rows = screen.choice_list.rows
        right = next(row for row in rows if row.choice.correct)
        await pilot.click(right.text)
        await pilot.pause()
        assert "✔ Correct" in screen_text(app)
        index = screen.session.index
        await pilot.click("#next")
        await pilot.pause()
        assert screen.session.index == index + 1
        await pilot.click("#prev")
        await pilot.pause()
        assert screen.session.index == index


async def test_home_from_results_when_started_straight_into_the_quiz(data_dir):
    app = make_app(data_dir)  # --start: no home screen underneath
    async with app.run_test(size=SIZE) as pilot:
        screen = await on_question(pilot)
        await answer_all(pilot, screen, wrong=set())
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        assert "Nothing missed" in screen_text(app)
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_for(pilot, lambda: "Best score: 100%" in screen_text(app))
