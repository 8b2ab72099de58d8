"""What the screens look like, at 80x24 and 120x36, in English and Chinese.

Deterministic: the fixed bank beside this file, seed 1, a fresh data dir, no clock, no blinking
cursor. Update with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import pytest

from grader.tui.screens.question import QuestionScreen
from grader.tui.screens.results import ResultsScreen

from .conftest import make_app
from .test_flow import answer_all, go_to_question, wait_for

SIZES = {"80x24": (80, 24), "120x36": (120, 36)}


def answered_wrong(question_id: str, wrong_choice: str):
    async def run_before(pilot) -> None:
        screen = await go_to_question(pilot, question_id)
        options = screen.session.options(screen.session.current)
        await pilot.press(str(1 + [c.id for c in options].index(wrong_choice)))
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_question_unanswered(snap_compare, data_dir, locale, size):
    async def run_before(pilot) -> None:
        await go_to_question(pilot, "tanh-vs-sigmoid")
        await pilot.press("space", "down")  # one option ticked, the cursor on the next

    app = make_app(data_dir, locale=locale)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_question_answered_wrong(snap_compare, data_dir, locale, size):
    app = make_app(data_dir, locale=locale)
    assert snap_compare(app, terminal_size=SIZES[size],
                        run_before=answered_wrong("w1-shape", "b"))


@pytest.mark.parametrize("locale", ["en", "zh"])
def test_short_answer_right(snap_compare, data_dir, locale):
    async def run_before(pilot) -> None:
        await go_to_question(pilot, "a2-shape")
        await pilot.press(*"(1,400)", "enter")
        await pilot.pause()

    app = make_app(data_dir, locale=locale)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_results(snap_compare, data_dir, locale, size):
    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuestionScreen))
        await pilot.pause()
        await answer_all(pilot, pilot.app.screen, wrong={"w1-shape"})
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResultsScreen))

    app = make_app(data_dir, locale=locale)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
