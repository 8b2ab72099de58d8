"""Shared set-up for the app's tests: a fixed bank, a temp data dir, a fixed seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.tui.app import QuizApp
from grader.tui.config import AppConfig

BANK = Path(__file__).with_name("bank.yaml")
SEED = 1


def make_app(data_dir: Path, *, start: bool = True, locale: str | None = None,
             files: tuple[Path, ...] = (BANK,), seed: int | None = SEED) -> QuizApp:
    return QuizApp(AppConfig(data_dir=data_dir, extra_files=files, seed=seed, start=start,
                             locale=locale))


def screen_text(app: QuizApp) -> str:
    """What the terminal shows, as plain text lines (what a person would read)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no async plugin needed for this folder)."""
    import asyncio
    import inspect

    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        kwargs = {name: pyfuncitem.funcargs[name] for name in names}
        asyncio.run(pyfuncitem.obj(**kwargs))
        return True
    return None
